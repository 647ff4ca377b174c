import { runsPageParams } from "@/lib/analytics/runs-page";
import { csvFormatParam } from "./download";

/** /api/runs.csv's own parameters: the runs table's sort, and the file's format. */
export const runsCsvParams = runsPageParams.pick({ sort: true, dir: true }).extend({ format: csvFormatParam });
