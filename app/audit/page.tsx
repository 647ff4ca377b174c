import type { Metadata } from "next";
import { AuditLogView } from "@/components/audit/audit-log-view";
import { SessionsList } from "@/components/audit/sessions-list";
import { authConfig } from "@/lib/auth/config";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Audit" };

/** Admins only (lib/auth/access.ts): who signed in, what they did, and the sessions open now. */
export default function AuditPage() {
  const passwordMode = authConfig().mode === "password";
  return (
    <>
      <div className="mb-4">
        <h1 className="text-xl font-semibold tracking-tight sm:text-2xl">Audit</h1>
        <p className="mt-1 text-sm text-muted">Who signed in and what they changed. Never holds a password, cookie, token or key.</p>
      </div>
      <div className="space-y-4">
        {passwordMode ? <SessionsList /> : null}
        <AuditLogView />
      </div>
    </>
  );
}
