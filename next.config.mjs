/** @type {import('next').NextConfig} */
const nextConfig = {
  // a separate build folder lets parallel work trees of tests build without waiting for each other
  distDir: process.env.PROVISIO_NEXT_DIST ?? ".next",
  poweredByHeader: false,
  reactStrictMode: true,
  // native modules, the database drivers, Google's large API client and jsforce (loaded on first use by the
  // Salesforce connector) load from node_modules at run time, never bundled
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "pino", "@googleapis/admin", "google-auth-library", "jsforce"],
  // `npm test` type-checks the whole project once (tsc); the build does not repeat it
  typescript: { ignoreBuildErrors: true },
  // pages and route handlers load on their first request: preloading all of them at start held ~90 MB that an
  // instance serving mostly SCIM and OAuth never uses
  experimental: { preloadEntriesOnStart: false },
};

export default nextConfig;
