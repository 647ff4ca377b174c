"use client";
import Link from "next/link";
import { useSettings } from "@/components/layout/settings-context";

/** The way to the rule editor, for admins only (others could not save). */
export function TeamsManageLink() {
  const { viewer } = useSettings();
  if (viewer !== "admin") return null;
  return (
    <Link
      href="/teams/manage"
      className="inline-flex h-8 items-center rounded-md border border-border-strong bg-card px-3 text-sm font-medium hover:bg-subtle"
    >
      Edit teams and rules
    </Link>
  );
}
