import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export default function HomePage() {
  const settings = env();
  return (
    <main className="mx-auto max-w-3xl p-8">
      <h1 className="text-2xl font-semibold">Runledger</h1>
      <p className="mt-2 text-muted" data-testid="mode">
        {settings.demo
          ? "Demo mode: the data comes from the built-in Domino gateway simulator."
          : `Reading runs from the Domino deployment at ${new URL(settings.DOMINO_API_HOST!).host}.`}
      </p>
    </main>
  );
}
