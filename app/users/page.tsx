import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { BreakdownView } from "@/components/views/breakdown-view";
import { loadSearchParams } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await loadSearchParams(searchParams);
  return (
    <BreakdownView
      by="user"
      title="Users"
      description="Who runs what: cost, compute hours and runs per user."
    />
  );
}
