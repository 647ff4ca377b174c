"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { useSettings } from "./settings-context";

/** The logo's link: the overview, or in a shared view the link's own page (any other answers 403). */
export function HomeLink({ className, children }: { className: string; children: ReactNode }) {
  const { shareScope } = useSettings();
  const query = shareScope?.query.replace(/^\?/, "") ?? "";
  const href = shareScope ? (query ? `${shareScope.page}?${query}` : shareScope.page) : "/";
  return (
    <Link href={href} prefetch={false} className={className}>
      {children}
    </Link>
  );
}
