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
  experimental: {
    // pages and route handlers load on their first request: preloading all of them at start held ~90 MB that an
    // instance serving mostly SCIM and OAuth never uses
    preloadEntriesOnStart: false,
    // a build on CI (CI=true, as .ci/run sets) starts from a clean clone and is thrown away: writing Turbopack's
    // build cache there costs ~20 s and is never read; local builds keep it for faster rebuilds
    turbopackFileSystemCacheForBuild: !/^(true|1)$/i.test(process.env.CI ?? ""),
  },
};

export default nextConfig;
