import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/layout/page-header";
import { BudgetForm } from "@/components/budgets/budget-form";
import { budgetContext } from "@/lib/budgets/context";
import { getBudget } from "@/lib/budgets/service";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit budget" };

export default async function EditBudgetPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) notFound();
  const budget = await getBudget(id, await budgetContext()).catch(() => null);
  if (!budget) notFound();
  return (
    <>
      <PageHeader title={`Edit ${budget.name}`} />
      <BudgetForm budget={budget} scope={budget.scope} />
    </>
  );
}
