import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Runledger",
  description: "What your Domino deployment spends on compute, by hardware tier, project and user.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen antialiased">{children}</body>
    </html>
  );
}
