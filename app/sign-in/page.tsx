import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { authConfig } from "@/lib/auth/config";
import { safeNext } from "@/lib/auth/safe-next";
import { SignInForm } from "./sign-in-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNext(typeof params.next === "string" ? params.next : "/");
  // Nothing to sign in to unless the password mode is on.
  if (authConfig().mode !== "password") redirect(next);
  return (
    <div className="mx-auto mt-10 max-w-sm rounded-lg border border-border bg-card p-6 shadow-sm">
      <h1 className="text-xl font-semibold tracking-tight">Sign in to Runledger</h1>
      <p className="mt-1 text-sm text-muted">The dashboard shows the whole deployment&apos;s spending. Sign in with the admin or the viewer password.</p>
      <SignInForm next={next} failed={params.failed === "1"} />
    </div>
  );
}
