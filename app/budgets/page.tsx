import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { BudgetList } from "@/components/budgets/budget-list";
import { NewBudgetLink } from "@/components/budgets/new-budget-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Budgets" };

export default function BudgetsPage() {
  return (
    <>
      <PageHeader
        title="Budgets"
        description={
          <>
            Spend so far and the forecast for each budget&apos;s period. <Link className="text-accent underline" href="/budgets/alerts">Alert deliveries</Link>
          </>
        }
        actions={<NewBudgetLink />}
      />
      <BudgetList />
    </>
  );
}
