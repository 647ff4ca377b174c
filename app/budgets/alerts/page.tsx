import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/layout/page-header";
import { DeliveryTable } from "@/components/budgets/delivery-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Budget alerts" };

export default function BudgetAlertsPage() {
  return (
    <>
      <PageHeader
        title="Budget alerts"
        description={
          <>
            Every alert sent or being sent: one per budget, period, threshold and channel. Failed tries are retried for an hour.{" "}
            <Link className="text-accent underline" href="/budgets">Budgets</Link>
          </>
        }
      />
      <DeliveryTable />
    </>
  );
}
