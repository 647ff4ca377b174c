/** @type {import('next').NextConfig} */
const nextConfig = {
  // DuckDB ships a native binding: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ["@duckdb/node-api", "@duckdb/node-bindings"],
  poweredByHeader: false,
  reactStrictMode: true,
};

module.exports = nextConfig;
