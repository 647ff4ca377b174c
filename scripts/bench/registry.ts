import { csvBench } from "./csv";
import { forecastBacktestBench } from "./forecast-backtest";
import { budgetsEvaluateBench } from "./budgets-evaluate";
import { gatewayReadBench } from "./gateway-read";
import { analyticsBench } from "./analytics";
import type { Bench } from "./harness";
import { replicasBench } from "./replicas";
import { syncBackfillBench } from "./sync-backfill";
import { teamsBench } from "./teams";
import { uiBench } from "./ui";

/** Every benchmark `npm run bench` runs, in order. Add one line per benchmark file. */
export const BENCHES: Bench[] = [
  gatewayReadBench,
  csvBench,
  syncBackfillBench,
  analyticsBench,
  teamsBench,
  forecastBacktestBench,
  budgetsEvaluateBench,
  uiBench,
  replicasBench,
];
