import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { RunsView } from "./runs-view";
import { loadRunsParams } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await loadRunsParams(searchParams);
  return <RunsView />;
}
