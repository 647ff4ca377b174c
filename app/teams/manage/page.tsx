import type { Metadata } from "next";
import { TeamsEditor } from "@/components/teams/teams-editor";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Edit teams" };

export default function Page() {
  return <TeamsEditor />;
}
