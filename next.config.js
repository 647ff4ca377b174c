/** @type {import('next').NextConfig} */
const nextConfig = {
  // DuckDB ships a native binding: load it from node_modules at run time, never bundle it.
  // pg (replicas, DATABASE_URL) is loaded the same way: it optionally requires pg-native.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings", "pg", "pg-copy-streams"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
