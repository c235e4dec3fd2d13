import "next-auth";

declare module "next-auth" {
  interface Session {
    user: { id: string; userName: string; name?: string | null; email?: string | null; image?: string | null };
  }
}
