import { ShareButton } from "@/components/share/share-button";

/**
 * The title row of a page, with its toolbar. The toolbar keeps a slot
 * (data-slot="export-actions") where the CSV download and Share buttons go.
 */
export function PageHeader({
  title,
  description,
  actions,
  share = true,
}: {
  title: string;
  description?: React.ReactNode;
  actions?: React.ReactNode;
  /** False on pages that cannot be shared (editors, statements): the link would be refused. */
  share?: boolean;
}) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="min-w-0">
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">{title}</h1>
        {description ? <p className="mt-1 text-sm text-muted">{description}</p> : null}
      </div>
      <div className="flex flex-wrap items-center gap-2" data-slot="export-actions">
        {actions}
        {share ? <ShareButton /> : null}
      </div>
    </div>
  );
}
