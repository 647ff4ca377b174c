import type { SearchParams } from "nuqs/server";
import { OverviewView } from "./overview-view";
import { loadOverviewParams } from "./search-params";

export const dynamic = "force-dynamic";

export default async function OverviewPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Parsed here so a malformed link falls back to defaults before the first paint; the
  // client reads the same parsers from the URL.
  await loadOverviewParams(searchParams);
  return <OverviewView />;
}
