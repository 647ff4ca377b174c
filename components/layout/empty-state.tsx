/** Nothing matches: say why, and offer the way out. */
export function EmptyState({
  title,
  reason,
  action,
  compact = false,
}: {
  title: string;
  reason: React.ReactNode;
  action?: React.ReactNode;
  compact?: boolean;
}) {
  return (
    <div
      data-testid="empty-state"
      className={"flex flex-col items-center justify-center text-center " + (compact ? "py-6" : "py-12")}
    >
      <svg aria-hidden="true" width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="text-muted">
        <path d="M3 3v18h18" />
        <path d="M7 15h2M11 15h2M15 15h2" strokeLinecap="round" />
      </svg>
      <p className="mt-2 text-sm font-medium">{title}</p>
      <p className="mt-1 max-w-md text-sm text-muted">{reason}</p>
      {action ? <div className="mt-3">{action}</div> : null}
    </div>
  );
}
