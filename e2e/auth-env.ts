/**
 * The second e2e server: AUTH_MODE=password against a simulated Domino (not demo mode),
 * with a known password and API token and a distinctive Domino key that must never leak.
 * Shared by playwright.config.ts (which starts it) and the auth-* specs.
 */
export const AUTH_PORT = Number(process.env.E2E_AUTH_PORT ?? 3101);
export const AUTH_SIM_PORT = Number(process.env.E2E_AUTH_SIM_PORT ?? 3102);
export const AUTH_BASE_URL = `http://127.0.0.1:${AUTH_PORT}`;
export const AUTH_DATA_DIR = process.env.E2E_AUTH_DATA_DIR ?? "test-results/e2e-auth-data";
/** Everything the server prints, for the key-leak check. */
export const AUTH_SERVER_LOG = `test-results/e2e-auth-server-${AUTH_PORT}.log`;
export const AUTH_RUNS = 3000;

export const ADMIN_PASSWORD = "e2e-admin-password-Quokka";
export const VIEWER_PASSWORD = "e2e-viewer-password-Wombat";
export const API_TOKEN = "e2e-script-token-4d9c2a7be1f3";
/** The Domino admin key: made to be found by a plain text search wherever it might leak. */
export const DOMINO_KEY = "DOMINOKEY-canary-8c1f5e2a9b7d4e63";
export const SECRET = "e2e-secret-3f8a1c9d7b2e4a6c8d0f1e3b5a7c9d2e";

export const authServerEnv: Record<string, string> = {
  PORT: String(AUTH_PORT),
  SIM_PORT: String(AUTH_SIM_PORT),
  SIM_RUNS: String(AUTH_RUNS),
  LOG_FILE: AUTH_SERVER_LOG,
  NEXT_TELEMETRY_DISABLED: "1",
  DATA_DIR: AUTH_DATA_DIR,
  DOMINO_API_HOST: `http://127.0.0.1:${AUTH_SIM_PORT}`,
  DOMINO_USER_API_KEY: DOMINO_KEY,
  DOMINO_PAGE_LIMIT: "500",
  AUTH_MODE: "password",
  RUNLEDGER_ADMIN_PASSWORD: ADMIN_PASSWORD,
  RUNLEDGER_VIEWER_PASSWORD: VIEWER_PASSWORD,
  RUNLEDGER_SECRET: SECRET,
  RUNLEDGER_API_TOKENS: API_TOKEN,
  SYNC_INTERVAL: "0",
};
