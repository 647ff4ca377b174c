"use client";
import Link from "next/link";
import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";
import { useSharedQuery } from "@/components/filters/use-shared-query";
import { useSettings } from "./settings-context";

// `short` is the label on phones, where five full labels do not fit in one row; `admin`: admins only.
const LINKS: readonly { href: string; label: string; short?: string; admin?: true }[] = [
  { href: "/", label: "Overview" },
  { href: "/tiers", label: "Hardware tiers", short: "Tiers" },
  { href: "/projects", label: "Projects" },
  { href: "/users", label: "Users" },
  { href: "/teams", label: "Teams" },
  { href: "/runs", label: "Runs" },
  { href: "/running", label: "Running now", short: "Running" },
  { href: "/budgets", label: "Budgets" },
  { href: "/chargeback", label: "Chargeback" },
  { href: "/audit", label: "Audit", admin: true },
];

export function NavLinks() {
  const { shareScope, viewer } = useSettings();
  const pathname = usePathname();
  // The filters travel between pages; a page's own grouping, sort and paging do not.
  const query = useSharedQuery().slice(1);
  // On a phone the links scroll sideways: bring the current page's into view.
  const nav = useRef<HTMLElement>(null);
  useEffect(() => {
    nav.current?.querySelector<HTMLElement>('[aria-current="page"]')?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [pathname]);

  return (
    <nav ref={nav} aria-label="Main" className="-mb-px flex gap-1 overflow-x-auto">
      {/* A shared view opens its own page only: the others would answer 403. */}
      {LINKS.filter((link) => (!shareScope || link.href === shareScope.page) && (!link.admin || viewer === "admin")).map((link) => {
        const active = link.href === "/" ? pathname === "/" : pathname.startsWith(link.href);
        return (
          <Link
            key={link.href}
            href={query && !link.admin ? `${link.href}?${query}` : link.href}
            // Every filter change gives these links new addresses: prefetching them would render
            // five server pages per click, competing with the charts' own requests.
            prefetch={false}
            aria-current={active ? "page" : undefined}
            className={
              "whitespace-nowrap border-b-2 px-2.5 py-2.5 sm:px-3 text-sm font-medium transition-colors " +
              (active ? "border-accent text-foreground" : "border-transparent text-muted hover:text-foreground")
            }
          >
            {link.short ? (
              <>
                <span className="sm:hidden">{link.short}</span>
                <span className="hidden sm:inline">{link.label}</span>
              </>
            ) : (
              link.label
            )}
          </Link>
        );
      })}
    </nav>
  );
}
