import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { BreakdownView } from "@/components/views/breakdown-view";
import { loadSearchParams } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await loadSearchParams(searchParams);
  return (
    <BreakdownView
      by="project"
      title="Projects"
      description="Which projects spend the most compute, who owns them, and how their cost moves."
    />
  );
}
