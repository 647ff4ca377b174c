import { handle } from "@/lib/api/handler";
import { auditPageSchema, readAuditPage, readAuditUsers } from "@/lib/audit/audit-query";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

/** GET /api/audit: the audit log, newest first, filtered (action, user, outcome, from, to) and paged; admins only. */
export const GET = handle({ access: "admin" }, async (request) => {
  const { page, pageSize, ...filters } = auditPageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const timeZone = env().RUNLEDGER_TIMEZONE;
  const [result, users] = await Promise.all([readAuditPage(filters, page, pageSize, timeZone), readAuditUsers()]);
  return Response.json({ ...result, users, timeZone }, { headers: { "Cache-Control": "private, no-store" } });
});
