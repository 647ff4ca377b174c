import { handle } from "@/lib/api/handler";
import { budgetContext } from "@/lib/budgets/context";
import { withConnection } from "@/lib/budgets/repository";
import { listDeliveries } from "@/lib/alerts/deliveries";

export const dynamic = "force-dynamic";

/** Every budget alert delivery, newest first (webhook URLs without credentials or query). */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { store } = await budgetContext();
  return Response.json({ deliveries: await withConnection(store, (conn) => listDeliveries(conn)) });
});
