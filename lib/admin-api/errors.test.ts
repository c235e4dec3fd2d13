import { describe, expect, it } from "vitest";
import { z } from "zod";
import { IdentityError } from "../identity/errors.ts";
import { adminErrorFrom } from "./errors.ts";
import { adminErrorSchema } from "./schemas/errors.ts";

const bodyOf = async (res: Response) => adminErrorSchema.parse(await res.json());

describe("the admin API's error table", () => {
  it("names every invalid field once, by its path, for forms to show next to it", async () => {
    const schema = z.object({ userName: z.string().min(1, "User name is required"), email: z.email("Enter a valid email address"), address: z.object({ city: z.string() }) });
    const res = adminErrorFrom(schema.safeParse({ userName: "", email: "x", address: {} }).error);
    expect(res.status).toBe(400);
    const body = await bodyOf(res);
    expect(body).toMatchObject({ code: "INVALID_INPUT", message: "Invalid input", description: "userName: User name is required" });
    expect(body.fieldErrors).toEqual({ userName: "User name is required", email: "Enter a valid email address", "address.city": expect.any(String) });
  });

  it("puts a store error's field beside its message, and leaves fieldErrors out when there is none", async () => {
    const taken = await bodyOf(adminErrorFrom(IdentityError.conflict('User name "kim" is already taken', "userName")));
    expect(taken).toMatchObject({ code: "CONFLICT", message: 'User name "kim" is already taken', fieldErrors: { userName: 'User name "kim" is already taken' } });
    expect(await bodyOf(adminErrorFrom(IdentityError.notFound("User")))).not.toHaveProperty("fieldErrors");
  });
});
