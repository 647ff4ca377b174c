import { handle } from "@/lib/api/handler";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export const GET = handle(async () => {
  const settings = env();
  return Response.json({ status: "ok", mode: settings.demo ? "demo" : "domino" });
});
