/** The data version and "data as of" of a store: lib/store owns the sync_state row. */
export { readDataInfo, type DataInfo } from "@/lib/store/sync-state";
