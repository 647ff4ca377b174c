"use client";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { FILTER_LISTS } from "@/lib/contract/dimensions";
import { useSettings } from "@/components/layout/settings-context";

/** "Create budget from this view": the view's filters (not its dates) become the budget's scope. Admins only. */
export function CreateBudgetLink() {
  const { viewer } = useSettings();
  const searchParams = useSearchParams();
  if (viewer !== "admin") return null;
  const scope = new URLSearchParams();
  for (const key of [...FILTER_LISTS, "q"]) for (const value of searchParams.getAll(key)) if (value) scope.append(key, value);
  const query = scope.toString();
  return (
    <Link
      href={query ? `/budgets/new?${query}` : "/budgets/new"}
      prefetch={false}
      data-testid="create-budget"
      className="inline-flex h-8 items-center gap-1.5 rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle"
    >
      Create budget from this view
    </Link>
  );
}
