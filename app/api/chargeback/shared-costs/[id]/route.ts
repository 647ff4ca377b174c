import { z } from "zod";
import { fromZodError } from "@/lib/api/errors";
import { handle } from "@/lib/api/handler";
import { requireAdmin } from "@/lib/auth/guard";
import { removeShared } from "@/lib/chargeback/service";

export const dynamic = "force-dynamic";

const id = z.string().uuid({ message: "must be a shared cost's id" });

export const DELETE = handle(async (request, context: { params: Promise<{ id: string }> }) => {
  await requireAdmin(request);
  const parsed = id.safeParse((await context.params).id);
  if (!parsed.success) throw fromZodError(parsed.error);
  await removeShared(parsed.data);
  return new Response(null, { status: 204 });
});
