import type { Metadata, Viewport } from "next";
import { env } from "@/lib/env";
import { AppHeader } from "@/components/layout/app-header";
import { Providers } from "@/components/layout/providers";
import { SharedViewBanner } from "@/components/share/shared-view-banner";
import { ThemeScript } from "@/components/layout/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Runledger", template: "%s · Runledger" },
  description: "What your Domino deployment spends on compute, by hardware tier, project and user.",
};

export const viewport: Viewport = {
  width: "device-width",
  initialScale: 1,
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#ffffff" },
    { media: "(prefers-color-scheme: dark)", color: "#111827" },
  ],
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  const settings = env();
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
        <Providers settings={{ timeZone: settings.RUNLEDGER_TIMEZONE, mode, host }}>
          <AppHeader mode={mode} host={host} />
          <SharedViewBanner />
          <main id="main" className="mx-auto max-w-[1400px] px-4 pb-16 pt-6 sm:px-6">
            {children}
          </main>
        </Providers>
      </body>
    </html>
  );
}
