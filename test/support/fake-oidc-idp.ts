import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type JWK } from "jose";

/**
 * A small OpenID Connect provider on 127.0.0.1 speaking the real wire format (discovery, authorization code
 * with PKCE, token, userinfo, JWKS), which signs the user in at once with the profile a test sets. Its
 * `misbehave` switches produce the answers a relying party must refuse: a token signed with a key the JWKS does
 * not publish, another issuer or audience, an expired token, a nonce of its own, no subject, an error instead
 * of a code. Codes are single-use, as RFC 6749 requires.
 */
export interface Misbehaviour {
  authorizeError?: string;
  foreignKey?: boolean;
  issuer?: string;
  audience?: string;
  expired?: boolean;
  nonce?: string;
  noSubject?: boolean;
  /** the token endpoint answers 500 */
  tokenDown?: boolean;
  /** the token endpoint refuses the code with this OAuth error (invalid_grant: expired or replayed) */
  tokenError?: string;
}

export interface FakeOidcIdp {
  issuer: string;
  discoveryUrl: string;
  clientId: string;
  clientSecret: string;
  /** the claims of the next sign-in; `sub` is required unless misbehave.noSubject */
  profile: Record<string, unknown>;
  misbehave: Misbehaviour;
  /** token requests answered, by outcome */
  tokenRequests: Array<{ status: number; grant: string }>;
  stop(): Promise<void>;
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce?: string;
  claims: Record<string, unknown>;
  used: boolean;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", ...headers }).end(JSON.stringify(body));
}

async function form(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

export async function startFakeOidcIdp(options: { clientId?: string; clientSecret?: string } = {}): Promise<FakeOidcIdp> {
  const signing = await generateKeyPair("ES256");
  const foreign = await generateKeyPair("ES256");
  const jwk: JWK = { ...(await exportJWK(signing.publicKey)), kid: "idp-key", alg: "ES256", use: "sig" };
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, Record<string, unknown>>();
  const idp: FakeOidcIdp = {
    issuer: "",
    discoveryUrl: "",
    clientId: options.clientId ?? "provisio-rp",
    clientSecret: options.clientSecret ?? randomBytes(16).toString("hex"),
    profile: {},
    misbehave: {},
    tokenRequests: [],
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const clientAuthenticated = (req: IncomingMessage, body: URLSearchParams) => {
    const basic = req.headers.authorization?.match(/^Basic (.+)$/)?.[1];
    if (basic) {
      const [id, secret] = Buffer.from(basic, "base64").toString().split(":").map(decodeURIComponent);
      return id === idp.clientId && secret === idp.clientSecret;
    }
    return body.get("client_id") === idp.clientId && body.get("client_secret") === idp.clientSecret;
  };

  async function idToken(code: PendingCode): Promise<string> {
    const m = idp.misbehave;
    const { sub, ...rest } = code.claims;
    const now = Math.floor(Date.now() / 1000);
    const jwt = new SignJWT({ ...rest, ...((m.nonce ?? code.nonce) ? { nonce: m.nonce ?? code.nonce } : {}) })
      .setProtectedHeader({ alg: "ES256", kid: "idp-key", typ: "JWT" })
      .setIssuer(m.issuer ?? idp.issuer)
      .setAudience(m.audience ?? code.clientId)
      .setIssuedAt(m.expired ? now - 7200 : now)
      .setExpirationTime(m.expired ? now - 3600 : now + 300);
    if (!m.noSubject && sub !== undefined) jwt.setSubject(String(sub));
    return jwt.sign(m.foreignKey ? foreign.privateKey : signing.privateKey);
  }

  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? "/", idp.issuer);
      if (url.pathname === "/.well-known/openid-configuration") {
        return send(res, 200, {
          issuer: idp.issuer,
          authorization_endpoint: `${idp.issuer}/authorize`,
          token_endpoint: `${idp.issuer}/token`,
          userinfo_endpoint: `${idp.issuer}/userinfo`,
          jwks_uri: `${idp.issuer}/jwks`,
          response_types_supported: ["code"],
          subject_types_supported: ["public"],
          id_token_signing_alg_values_supported: ["ES256"],
          code_challenge_methods_supported: ["S256"],
          token_endpoint_auth_methods_supported: ["client_secret_basic", "client_secret_post"],
        });
      }
      if (url.pathname === "/jwks") return send(res, 200, { keys: [jwk] });
      if (url.pathname === "/authorize") {
        const q = url.searchParams;
        const redirectUri = q.get("redirect_uri") ?? "";
        if (q.get("client_id") !== idp.clientId || !redirectUri) return send(res, 400, { error: "invalid_client" });
        const back = new URL(redirectUri);
        if (q.get("state")) back.searchParams.set("state", q.get("state")!);
        if (idp.misbehave.authorizeError) {
          back.searchParams.set("error", idp.misbehave.authorizeError);
          back.searchParams.set("error_description", "The user declined");
        } else if (q.get("response_type") !== "code" || q.get("code_challenge_method") !== "S256" || !q.get("code_challenge") || !q.get("scope")?.split(" ").includes("openid")) {
          back.searchParams.set("error", "invalid_request");
        } else {
          const code = randomBytes(16).toString("base64url");
          codes.set(code, { clientId: idp.clientId, redirectUri, challenge: q.get("code_challenge")!, nonce: q.get("nonce") ?? undefined, claims: { ...idp.profile }, used: false });
          back.searchParams.set("code", code);
        }
        res.writeHead(302, { location: back.href }).end();
        return;
      }
      if (url.pathname === "/token" && req.method === "POST") {
        const body = await form(req);
        const answer = (status: number, payload: unknown) => {
          idp.tokenRequests.push({ status, grant: body.get("grant_type") ?? "" });
          send(res, status, payload);
        };
        if (idp.misbehave.tokenDown) return answer(500, { error: "server_error" });
        if (idp.misbehave.tokenError) return answer(400, { error: idp.misbehave.tokenError, error_description: "The code has expired" });
        if (!clientAuthenticated(req, body)) return answer(401, { error: "invalid_client" });
        const code = codes.get(body.get("code") ?? "");
        if (body.get("grant_type") !== "authorization_code" || !code || code.used || code.redirectUri !== body.get("redirect_uri")) return answer(400, { error: "invalid_grant" });
        code.used = true;
        const verifier = body.get("code_verifier") ?? "";
        if (createHash("sha256").update(verifier).digest("base64url") !== code.challenge) return answer(400, { error: "invalid_grant", error_description: "PKCE verification failed" });
        const accessToken = randomBytes(16).toString("base64url");
        tokens.set(accessToken, code.claims);
        return answer(200, { access_token: accessToken, token_type: "Bearer", expires_in: 300, id_token: await idToken(code) });
      }
      if (url.pathname === "/userinfo") {
        const claims = tokens.get(req.headers.authorization?.replace(/^Bearer /, "") ?? "");
        if (!claims) return send(res, 401, { error: "invalid_token" });
        return send(res, 200, idp.misbehave.noSubject ? { ...claims, sub: undefined } : claims);
      }
      send(res, 404, { error: "not_found" });
    })().catch((err) => send(res, 500, { error: "server_error", error_description: String(err) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  idp.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp.discoveryUrl = `${idp.issuer}/.well-known/openid-configuration`;
  return idp;
}
