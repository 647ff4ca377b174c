import { OverviewView } from "./overview-view";

export const dynamic = "force-dynamic";

export default function OverviewPage() {
  return <OverviewView />;
}
