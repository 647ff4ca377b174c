import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { RunningView } from "./running-view";
import { loadRunningParams } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Running now" };

export default async function RunningPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await loadRunningParams(searchParams);
  return <RunningView />;
}
