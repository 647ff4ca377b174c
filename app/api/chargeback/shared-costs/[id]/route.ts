import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { removeShared } from "@/lib/chargeback/service";
import { sharedCostId } from "@/lib/contract/requests";

export const dynamic = "force-dynamic";

export const DELETE = handle({ access: "admin" }, async (request, context: { params: Promise<{ id: string }> }) => {
  const parsed = sharedCostId.safeParse((await context.params).id);
  if (!parsed.success) throw fromZodError(parsed.error);
  await removeShared(parsed.data);
  return new Response(null, { status: 204 });
});
