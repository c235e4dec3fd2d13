import { describe, expect, it, vi } from "vitest";
import { ConnectorError } from "./types.ts";

describe("ConnectorError", () => {
  it("is recognised across copies of its module, as the server's worker and the Next bundle each load one", async () => {
    // a second copy of the module, as another bundle would hold it
    vi.resetModules();
    const other = await import("./types.ts");
    expect(other.ConnectorError).not.toBe(ConnectorError);
    const fromOtherCopy = new other.ConnectorError("HTTP 401 credentials refused", { httpStatus: 401, retryable: false });
    expect(fromOtherCopy instanceof ConnectorError).toBe(true);
    expect(new ConnectorError("x", { retryable: true }) instanceof other.ConnectorError).toBe(true);
    expect(fromOtherCopy.options.httpStatus).toBe(401);
  });

  it.each([new Error("plain"), { message: "look-alike", options: { retryable: false } }, null, "ConnectorError", undefined])("does not take %j for one", (value) => {
    expect(value instanceof ConnectorError).toBe(false);
  });
});
