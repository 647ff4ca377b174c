"use client";
import { QueryClientProvider } from "@tanstack/react-query";
import { NuqsAdapter } from "nuqs/adapters/next/app";
import { getQueryClient } from "@/lib/query/query-client";
import { SettingsProvider, type DashboardSettings } from "./settings-context";

export function Providers({ settings, children }: { settings: DashboardSettings; children: React.ReactNode }) {
  const queryClient = getQueryClient();
  return (
    <QueryClientProvider client={queryClient}>
      <NuqsAdapter>
        <SettingsProvider value={settings}>{children}</SettingsProvider>
      </NuqsAdapter>
    </QueryClientProvider>
  );
}
