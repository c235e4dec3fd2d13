import { describe, expect, it } from "vitest";
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from "./password";

const parameters = (encoded: string) => encoded.split("$").slice(1, 4).join("$");

describe("the dummy password hash", () => {
  it("has the parameters of a real hash, so checking against it costs the same", async () => {
    expect(parameters(DUMMY_PASSWORD_HASH)).toBe(parameters(await hashPassword("any password")));
  });

  it("matches no password anyone would try", async () => {
    for (const guess of ["", "admin", "password", DUMMY_PASSWORD_HASH]) expect(await verifyPassword(DUMMY_PASSWORD_HASH, guess)).toBe(false);
  });
});
