// Prisma CLI configuration for the PostgreSQL schema (generated from schema.prisma by scripts/prisma-schemas.mjs).
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "postgres/schema.prisma",
  migrations: { path: "migrations/postgres" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://127.0.0.1/provisio" });
  },
});
