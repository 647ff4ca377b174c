import { csvBench } from "./csv";
import { gatewayReadBench } from "./gateway-read";
import { analyticsBench } from "./analytics";
import type { Bench } from "./harness";
import { replicasBench } from "./replicas";
import { syncBackfillBench } from "./sync-backfill";
import { uiBench } from "./ui";

/** Every benchmark `npm run bench` runs, in order. Add one line per benchmark file. */
export const BENCHES: Bench[] = [gatewayReadBench, csvBench, syncBackfillBench, analyticsBench, uiBench, replicasBench];
