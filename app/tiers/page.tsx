import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { BreakdownView } from "@/components/views/breakdown-view";
import { loadSearchParams } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Hardware tiers" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await loadSearchParams(searchParams);
  return (
    <BreakdownView
      by="hardwareTier"
      title="Hardware tiers"
      description="What each hardware tier cost, at what price per minute, and how much it ran."
    />
  );
}
