/** @type {import('next').NextConfig} */
const nextConfig = {
  // DuckDB ships a native binding: load it from node_modules at run time, never bundle it.
  // pg (replicas, DATABASE_URL) is loaded the same way: it optionally requires pg-native.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  // The tab's icon: browsers ask for it again after every change of address (each filter
  // change pushes one), so it is kept for a day instead of revalidated with the server each time.
  async headers() {
    return [{ source: "/icon.png", headers: [{ key: "Cache-Control", value: "public, max-age=86400" }] }];
  },
  reactStrictMode: true,
};

module.exports = nextConfig;
