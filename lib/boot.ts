import "server-only";
import { env, EnvError } from "./env";

/** Server start-up: settings first, then the store, the demo gateway and the sync schedule. */
export async function boot(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      console.error(`Runledger cannot start. ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
