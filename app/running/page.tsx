import type { Metadata } from "next";
import { RunningView } from "./running-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Running now" };

export default function RunningPage() {
  return <RunningView />;
}
