"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { errorFromBody, fetchJson } from "@/lib/query/fetch-json";

interface ShareLink {
  id: string;
  page: string;
  query: string;
  csv: boolean;
  createdAt: string;
  expiresAt: string;
  createdBy: string;
  revokedAt: string | null;
  state: "active" | "expired" | "revoked";
  path: string | null;
}

const fmt = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/** Every share link made, with its state; active ones can be revoked. */
export function ShareLinksTable() {
  const client = useQueryClient();
  const links = useQuery({
    queryKey: ["share-links"],
    queryFn: ({ signal }) => fetchJson<{ links: ShareLink[] }>("/api/share-links", { signal }),
  });
  const revoke = useMutation({
    mutationFn: async (id: string) => {
      const response = await fetch(`/api/share-links/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (!response.ok) throw errorFromBody(response.status, await response.json().catch(() => null));
    },
    onSettled: () => client.invalidateQueries({ queryKey: ["share-links"] }),
  });

  if (links.isPending) return <p className="text-sm text-muted">Loading share links…</p>;
  if (links.isError) return <p role="alert" className="text-sm text-danger">{links.error.message}</p>;
  if (links.data.links.length === 0) return <p className="text-sm text-muted">No share links yet. Use Share on any page to make one.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-border bg-card">
      {revoke.isError ? <p role="alert" className="px-3 py-2 text-sm text-danger">{revoke.error.message}</p> : null}
      <table className="w-full text-sm" data-testid="share-links-table">
        <thead className="bg-subtle text-left text-muted">
          <tr>
            <th className="px-3 py-2 font-medium">View</th>
            <th className="px-3 py-2 font-medium">Made</th>
            <th className="px-3 py-2 font-medium">Expires</th>
            <th className="px-3 py-2 font-medium">CSV</th>
            <th className="px-3 py-2 font-medium">State</th>
            <th className="px-3 py-2 font-medium"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {links.data.links.map((link) => (
            <tr key={link.id} data-testid={`share-link-${link.id}`} className="border-t border-border">
              <td className="max-w-[28rem] truncate px-3 py-2 font-mono text-xs" title={`${link.page}?${link.query}`}>
                {link.page}
                {link.query ? `?${decodeURIComponent(link.query)}` : ""}
              </td>
              <td className="px-3 py-2">{fmt(link.createdAt)} · {link.createdBy}</td>
              <td className="px-3 py-2">{fmt(link.expiresAt)}</td>
              <td className="px-3 py-2">{link.csv ? "yes" : "no"}</td>
              <td className="px-3 py-2" data-testid="share-link-state">{link.state}</td>
              <td className="px-3 py-2 text-right">
                {link.state === "active" ? (
                  <button
                    type="button"
                    disabled={revoke.isPending}
                    onClick={() => revoke.mutate(link.id)}
                    className="rounded-md border border-border px-2 py-1 text-danger hover:bg-danger-soft"
                  >
                    Revoke
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
