/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // native modules and the database drivers load from node_modules at run time, never bundled
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "@prisma/adapter-pg", "pg", "@node-rs/argon2", "pino"],
  typescript: { ignoreBuildErrors: false },
};

export default nextConfig;
