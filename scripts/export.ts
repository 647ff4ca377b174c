import { runExportCommand } from "../lib/gateway/export-command";

// `npm run export -- --until 2024-12-31 --out runs.csv`; see `--help`.
runExportCommand(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
