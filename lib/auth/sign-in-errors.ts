/** Messages the sign-in page shows; the keys travel as next-auth's error code. */
export const SIGN_IN_ERRORS: Record<string, string> = {
  invalid: "Wrong user name or password.",
  locked: "This account is locked after too many failed sign-ins. Try again later.",
  disabled: "This account is disabled.",
  forbidden: "This account may not use the console.",
  CredentialsSignin: "Wrong user name or password.",
  federation: "The sign-in through the identity provider could not be completed. Try again.",
};

export function signInErrorMessage(code: string | null | undefined): string | undefined {
  if (!code) return undefined;
  return SIGN_IN_ERRORS[code] ?? "Sign-in failed. Try again.";
}
