/** A request failed: the server's own message and a retry. */
export function ErrorState({ error, onRetry, compact = false }: { error: unknown; onRetry: () => void; compact?: boolean }) {
  const message = error instanceof Error ? error.message : "Something went wrong.";
  return (
    <div
      role="alert"
      data-testid="error-state"
      className={"flex flex-col items-center justify-center rounded-lg bg-danger-soft text-center " + (compact ? "p-4" : "p-8")}
    >
      <p className="text-sm font-medium text-danger">Could not load this</p>
      <p className="mt-1 max-w-lg text-sm">{message}</p>
      <button
        type="button"
        onClick={onRetry}
        className="mt-3 rounded-md border border-border-strong bg-card px-3 py-1.5 text-sm font-medium hover:bg-subtle"
      >
        Retry
      </button>
    </div>
  );
}
