"use client";
import { createContext, useContext } from "react";

/** What the browser needs to know about the deployment, handed down by the server layout. */
export interface DashboardSettings {
  timeZone: string;
  mode: "demo" | "domino";
  /** The Domino host's name (never a URL with credentials); null in demo mode. */
  host: string | null;
  /**
   * Who is looking (decided by the server for this request): the UI offers only what they may
   * do. "admin" may do everything; "viewer" (the viewer role) browses and downloads only. Show
   * an admin-only control when `viewer === "admin"`; the server refuses the rest anyway.
   */
  viewer: "admin" | "viewer" | "token" | "share" | "anonymous";
  /** In a shared view, the link's page and query string (its scope): what the filters may not widen. */
  shareScope: { page: string; query: string; csv: boolean } | null;
}

const SettingsContext = createContext<DashboardSettings>({
  timeZone: "UTC",
  mode: "demo",
  host: null,
  viewer: "admin",
  shareScope: null,
});

export function SettingsProvider({ value, children }: { value: DashboardSettings; children: React.ReactNode }) {
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): DashboardSettings {
  return useContext(SettingsContext);
}
