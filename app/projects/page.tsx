import type { Metadata } from "next";
import { BreakdownView } from "@/components/views/breakdown-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Projects" };

export default function Page() {
  return (
    <BreakdownView
      by="project"
      title="Projects"
      description="Which projects spend the most compute, who owns them, and how their cost moves."
    />
  );
}
