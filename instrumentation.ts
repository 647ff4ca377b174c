// Runs once when the server starts: validate the settings (a bad one stops start-up
// with the variable's name) and start the background work.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  // Access control first: refuse unsafe settings, stamp each request with its socket address.
  const { startAuth } = await import("./lib/auth/startup");
  startAuth();
  const { boot } = await import("./lib/boot");
  await boot();
}
