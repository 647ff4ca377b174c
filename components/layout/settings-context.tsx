"use client";
import { createContext, useContext } from "react";

/** What the browser needs to know about the deployment, handed down by the server layout. */
export interface DashboardSettings {
  timeZone: string;
  mode: "demo" | "domino";
  /** The Domino host's name (never a URL with credentials); null in demo mode. */
  host: string | null;
}

const SettingsContext = createContext<DashboardSettings>({ timeZone: "UTC", mode: "demo", host: null });

export function SettingsProvider({ value, children }: { value: DashboardSettings; children: React.ReactNode }) {
  return <SettingsContext.Provider value={value}>{children}</SettingsContext.Provider>;
}

export function useSettings(): DashboardSettings {
  return useContext(SettingsContext);
}
