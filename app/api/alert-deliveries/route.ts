import { handle } from "@/lib/api/handler";
import { budgetContext } from "@/lib/budgets/context";
import { listDeliveries } from "@/lib/alerts/deliveries";

export const dynamic = "force-dynamic";

/** Every budget alert delivery, newest first (webhook URLs without credentials or query). */
export const GET = handle({ access: "viewer" }, async (request) => {
  const { tables } = await budgetContext();
  return Response.json({ deliveries: await listDeliveries(tables) });
});
