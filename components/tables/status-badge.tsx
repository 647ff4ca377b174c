/**
 * A run's status with a colour that says whether it cost money for nothing: Failed and Error
 * (the "Failed & errored" rule). Stopped is how interactive runs normally end: no colour.
 */
const TONE: Record<string, string> = {
  Succeeded: "text-success border-success/40",
  Failed: "text-danger border-danger/40",
  Error: "text-danger border-danger/40",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={"inline-flex rounded-full border px-2 py-px text-xs font-medium " + (TONE[status] ?? "text-muted border-border-strong")}>
      {status}
    </span>
  );
}
