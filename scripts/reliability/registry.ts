import { gatewayFaultsScenario } from "./gateway-faults";
import { hostileScenario } from "./hostile";
import { loadScenario } from "./load";
import { replicasScenario } from "./replicas";
import type { Scenario } from "./report";
import { storeFaultsScenario } from "./store-faults";

/**
 * Every scenario `npm run test:reliability` runs, in order: the ones that find bugs first
 * (with --ci the ones that mostly wait start first and run beside the others; see report.ts).
 */
export const SCENARIOS: Scenario[] = [hostileScenario, gatewayFaultsScenario, storeFaultsScenario, replicasScenario, loadScenario];
