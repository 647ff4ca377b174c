import { gatewayFaultsScenario } from "./gateway-faults";
import { hostileScenario } from "./hostile";
import { loadScenario } from "./load";
import type { Scenario } from "./report";
import { storeFaultsScenario } from "./store-faults";

/** Every scenario `npm run test:reliability` runs, in order: the ones that find bugs first. */
export const SCENARIOS: Scenario[] = [hostileScenario, gatewayFaultsScenario, storeFaultsScenario, loadScenario];
