import { CliError, parseSimulatorArgs, SIMULATOR_USAGE } from "../lib/gateway/simulator/cli-options";
import { startSimulator } from "../lib/gateway/simulator/index";
import { GATEWAY_PATH } from "../lib/gateway/connection";

/**
 * The Domino gateway simulator on its own, so Domino's export article's curl commands
 * (and any client) can run against it. The first line of output is always
 * `listening on <url>`, for scripts that start it and read the address.
 */

async function main(): Promise<void> {
  let options;
  try {
    options = parseSimulatorArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError) {
      if (error.isHelp) {
        console.log(error.message);
        process.exit(0);
      }
      console.error(`${error.message}\n\n${SIMULATOR_USAGE}`);
      process.exit(2);
    }
    throw error;
  }
  const simulator = await startSimulator(options);
  const key = options.adminKeys![0]!;
  console.log(`listening on ${simulator.url}`);
  console.log(`admin key: ${key}`);
  if (options.nonAdminKeys!.length > 0) console.log(`non-admin key (403): ${options.nonAdminKeys![0]}`);
  console.log(`runs: ${options.runs} to ${new Date(simulator.spec.anchorMs).toISOString()}, seed ${options.seed}`);
  console.log(`try: curl --include -H "X-Domino-Api-Key: ${key}" '${simulator.url}${GATEWAY_PATH}'`);

  const stop = () => {
    void simulator.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`The simulator could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
