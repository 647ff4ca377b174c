/** A grey placeholder block while the first answer loads. */
export function Skeleton({ className = "", label }: { className?: string; label?: string }) {
  return (
    <div className={"skeleton " + className} role={label ? "status" : undefined} aria-label={label} aria-busy="true" />
  );
}
