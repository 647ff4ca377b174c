import type { Metadata } from "next";
import { BreakdownView } from "@/components/views/breakdown-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default function Page() {
  return (
    <BreakdownView
      by="user"
      title="Users"
      description="Who runs what: cost, compute hours and runs per user."
    />
  );
}
