import type { Metadata } from "next";
import { PageHeader } from "@/components/layout/page-header";
import { ShareLinksTable } from "@/components/share/share-links-table";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Share links" };

export default function ShareLinksPage() {
  return (
    <>
      <PageHeader title="Share links" description="Read-only links to views of this dashboard. A revoked link stops working at once." />
      <ShareLinksTable />
    </>
  );
}
