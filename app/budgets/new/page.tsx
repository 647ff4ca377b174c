import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { BudgetForm } from "@/components/budgets/budget-form";
import { FILTER_LISTS } from "@/lib/contract/dimensions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "New budget" };

// A budget's scope: every filter but the dates (its period is its own).
const SCOPE_KEYS = new Set<string>([...FILTER_LISTS, "q"]);

/** /budgets/new?<filters>: a budget whose scope is the view's filters (dates left out). */
export default async function NewBudgetPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const scope = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (!SCOPE_KEYS.has(key) || value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) if (v) scope.append(key, v);
  }
  return (
    <>
      <PageHeader title="New budget" description="Alerts go out when spend or the forecast crosses a threshold of the budget." />
      <BudgetForm scope={scope.toString()} />
    </>
  );
}
