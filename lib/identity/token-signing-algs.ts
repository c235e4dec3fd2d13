/** JWS algorithms an application's tokens can be signed with; the server holds an active key for each. */
export const TOKEN_SIGNING_ALGS = ["ES256", "RS256"] as const;
export type TokenSigningAlg = (typeof TOKEN_SIGNING_ALGS)[number];
