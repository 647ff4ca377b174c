import type { Metadata } from "next";
import { ChargebackView } from "@/components/chargeback/chargeback-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Chargeback" };

export default function Page() {
  return <ChargebackView />;
}
