import { describe, expect, it } from "vitest";
import { FAULT_TEXT, faultKind, type FaultKind } from "./faults.ts";

describe("faultKind", () => {
  it.each<[string, FaultKind]>([
    // WSO2 IS's own words
    ["Username 'kim' already exists in the system. Please pick another username.", "exists"],
    ["30004 - User name : kim already exists in the system. Please pick another user name.", "exists"],
    ["Role name: eng already exists in the system. Please pick another role name.", "exists"],
    ["UserNotFound: User kim does not exist in: PRIMARY", "notFound"],
    ["30007 - User kim does not exist in: PRIMARY", "notFound"],
    ["Error occurred while getting the user list of role. Role eng doesn't exist", "notFound"],
    ["Access Denied. Authentication failed - Invalid credentials provided.", "authentication"],
    ["Unauthorized access attempt to admin service", "authentication"],
    ["Credential is not valid. Credential must be a non null string with following format, ^[\\S]{5,30}$", "invalid"],
    ["Invalid claim uri http://wso2.org/claims/foo", "invalid"],
    ["Error occurred while connecting to the user store", "other"],
    ["", "other"],
    // Provisio's
    [FAULT_TEXT.userExists("kim"), "exists"],
    [FAULT_TEXT.userNotFound("kim"), "notFound"],
    [FAULT_TEXT.roleExists("eng"), "exists"],
    [FAULT_TEXT.roleNotFound("eng"), "notFound"],
    [FAULT_TEXT.credentialInvalid("Password must have at least 6 characters"), "invalid"],
    [FAULT_TEXT.authenticationFailed("Invalid credentials"), "authentication"],
    [FAULT_TEXT.notPermitted("internal_user_mgt_create"), "authentication"],
  ])("%j is %s", (text, kind) => {
    expect(faultKind(text)).toBe(kind);
  });
});
