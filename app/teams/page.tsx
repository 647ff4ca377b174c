import type { Metadata } from "next";
import { BreakdownView } from "@/components/views/breakdown-view";
import { TeamsManageLink } from "@/components/teams/teams-manage-link";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Teams" };

/** Cost by team for everyone; admins reach the rule editor at /teams/manage. */
export default function Page() {
  return (
    <BreakdownView
      by="team"
      title="Teams"
      description="What each team cost, as the team rules assign runs. Runs no rule matches are Unallocated."
      actions={<TeamsManageLink />}
    />
  );
}
