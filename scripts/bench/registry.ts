import type { Bench } from "./harness";

/** Every benchmark `npm run bench` runs, in order. Add one line per benchmark file. */
export const BENCHES: Bench[] = [];
