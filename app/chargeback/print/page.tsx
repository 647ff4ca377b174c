import type { Metadata } from "next";
import { Suspense } from "react";
import { StatementPrint } from "@/components/chargeback/statement-print";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Chargeback statements" };

export default function Page() {
  return (
    <Suspense>
      <StatementPrint />
    </Suspense>
  );
}
