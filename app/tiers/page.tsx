import type { Metadata } from "next";
import { BreakdownView } from "@/components/views/breakdown-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Hardware tiers" };

export default function Page() {
  return (
    <BreakdownView
      by="hardwareTier"
      title="Hardware tiers"
      description="What each hardware tier cost, at what price per minute, and how much it ran."
    />
  );
}
