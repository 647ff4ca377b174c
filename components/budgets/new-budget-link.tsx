"use client";
import Link from "next/link";
import { useSettings } from "@/components/layout/settings-context";

/** "New budget" (admins): a budget for the whole deployment, its scope editable from a view. */
export function NewBudgetLink() {
  const { viewer } = useSettings();
  if (viewer !== "admin") return null;
  return (
    <Link href="/budgets/new" className="inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-foreground">
      New budget
    </Link>
  );
}
