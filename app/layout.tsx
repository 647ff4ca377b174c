import type { Metadata, Viewport } from "next";
import { cookies, headers } from "next/headers";
import { authConfig } from "@/lib/auth/config";
import { PRINCIPAL_HEADER, SHARE_COOKIE } from "@/lib/auth/principal";
import { verifyShareToken } from "@/lib/auth/share-token";
import { env } from "@/lib/env";
import { AppHeader } from "@/components/layout/app-header";
import { Providers } from "@/components/layout/providers";
import { SharedViewBanner } from "@/components/share/shared-view-banner";
import { ThemeScript } from "@/components/layout/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runledger", template: "%s · Runledger" },
  description: "What your Domino deployment spends on compute, by hardware tier, project and user.",
  // Static files live in public/ (served at the site's root, open without signing in: lib/auth/access.ts).
  icons: { icon: { url: "/icon.png", type: "image/png", sizes: "64x64" } },
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#111827" },
  ],
};

type Viewer = "admin" | "viewer" | "token" | "share" | "anonymous";
const VIEWERS: readonly string[] = ["admin", "viewer", "token", "share", "anonymous"];

/**
 * Who this request is, as proxy.ts decided (its header, which no client can set), and for a
 * shared view the link's scope: the filter bar offers only filters inside it, and a page
 * without a signed-in viewer (the sign-in page) makes no calls that would answer 401.
 */
async function viewerOf(): Promise<{ viewer: Viewer; shareScope: { page: string; query: string; csv: boolean } | null }> {
  const kind = (await headers()).get(PRINCIPAL_HEADER) ?? "anonymous";
  const viewer = (VIEWERS.includes(kind) ? kind : "anonymous") as Viewer;
  if (viewer !== "share") return { viewer, shareScope: null };
  const token = (await cookies()).get(SHARE_COOKIE)?.value;
  const verdict = token ? verifyShareToken(authConfig().secret, token) : null;
  // Only the view's page and filters reach the browser, never the token.
  return { viewer, shareScope: verdict?.status === "ok" ? { page: verdict.scope.page, query: verdict.scope.query, csv: verdict.scope.csv } : null };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const settings = env();
  const { viewer, shareScope } = await viewerOf();
  // Only the host's name reaches the browser: never the key, never a URL with credentials.
  const host = settings.DOMINO_API_HOST ? new URL(settings.DOMINO_API_HOST).host : null;
  const mode = settings.demo ? "demo" : "domino";
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen font-sans antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:z-50 focus:rounded-md focus:bg-card focus:px-3 focus:py-2 focus:text-sm focus:shadow"
        >
          Skip to content
        </a>
        <Providers settings={{ timeZone: settings.RUNLEDGER_TIMEZONE, mode, host, viewer, shareScope }}>
          <AppHeader mode={mode} host={host} signedIn={viewer !== "anonymous"} />
          <SharedViewBanner />
          <main id="main" className="mx-auto max-w-[1400px] px-4 pb-16 pt-6 sm:px-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
