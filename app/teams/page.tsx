import type { Metadata } from "next";
import type { SearchParams } from "nuqs/server";
import { BreakdownView } from "@/components/views/breakdown-view";
import { TeamsManageLink } from "@/components/teams/teams-manage-link";
import { loadSearchParams } from "./search-params";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Teams" };

/** Cost by team for everyone; admins reach the rule editor at /teams/manage. */
export default async function Page({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await loadSearchParams(searchParams);
  return (
    <BreakdownView
      by="team"
      title="Teams"
      description="What each team cost, as the team rules assign runs. Runs no rule matches are Unallocated."
      actions={<TeamsManageLink />}
    />
  );
}
