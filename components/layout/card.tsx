/** A bordered panel with an optional title row and actions. */
export function Card({
  title,
  description,
  actions,
  children,
  className = "",
  titleId,
  ...rest
}: {
  title?: React.ReactNode;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  children: React.ReactNode;
  className?: string;
  titleId?: string;
} & Omit<React.HTMLAttributes<HTMLElement>, "title">) {
  return (
    <section
      aria-labelledby={title ? titleId : undefined}
      className={"min-w-0 rounded-xl border border-border bg-card shadow-[0_1px_2px_rgba(15,23,42,0.04)] " + className}
      {...rest}
    >
      {title || actions ? (
        <div className="flex flex-wrap items-start justify-between gap-3 px-4 pt-4 sm:px-5">
          <div className="min-w-0">
            {title ? (
              <h2 id={titleId} className="text-sm font-semibold">
                {title}
              </h2>
            ) : null}
            {description ? <p className="mt-0.5 text-xs text-muted">{description}</p> : null}
          </div>
          {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
        </div>
      ) : null}
      <div className="px-4 pb-4 pt-3 sm:px-5">{children}</div>
    </section>
  );
}
