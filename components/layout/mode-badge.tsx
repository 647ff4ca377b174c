/** Where the data comes from: the simulator (demo) or the named Domino host. */
export function ModeBadge({ mode, host }: { mode: "demo" | "domino"; host: string | null }) {
  return (
    <span
      data-testid="mode"
      title={mode === "demo" ? "Demo mode: the data comes from the built-in Domino gateway simulator." : `Reading runs from ${host}`}
      className={
        "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full border px-2.5 py-0.5 text-xs font-medium " +
        // A long host name gives way on a phone (cut short, whole in the title) so the header never scrolls sideways.
        (mode === "demo" ? "shrink-0 border-warning/40 text-warning" : "min-w-0 border-border text-muted")
      }
    >
      <span aria-hidden="true" className={"h-1.5 w-1.5 shrink-0 rounded-full " + (mode === "demo" ? "bg-warning" : "bg-success")} />
      {mode === "demo" ? "Demo mode" : <span className="truncate">{host}</span>}
    </span>
  );
}
