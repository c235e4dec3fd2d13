import { z } from "zod";
import type { SalesforceConfig } from "./config.ts";
import { connectorFailure, sessionExpired, UnexpectedAnswer } from "./errors.ts";
import { jsforce, type Connection } from "./jsforce.ts";
import { Trace } from "./trace.ts";

type SessionSettings = Pick<SalesforceConfig, "loginUrl" | "clientId" | "clientSecret" | "username" | "password" | "securityToken" | "apiVersion" | "timeoutMs">;

interface Session {
  instanceUrl: string;
  accessToken: string;
}

const tokenAnswer = z.looseObject({
  access_token: z.string().min(1),
  instance_url: z.url({ protocol: /^https?$/ }),
});

/**
 * The connector's Salesforce session: one OAuth 2.0 username-password sign-in (jsforce's OAuth2, through the
 * connected app) shared by all its calls, made again once when Salesforce says the session expired.
 */
export class SalesforceSession {
  private current: Session | undefined;
  private pending: Promise<Session> | undefined;
  /** values masked wherever they appear in the log */
  readonly secrets: readonly (string | undefined)[];

  constructor(private readonly settings: SessionSettings) {
    const password = settings.password + (settings.securityToken ?? "");
    this.secrets = [settings.clientSecret, settings.password, settings.securityToken, password];
  }

  /**
   * Runs `call` with a connection on the session, on a trace of its own (several calls run at once). A session
   * Salesforce no longer accepts (INVALID_SESSION_ID) is replaced once and the call made again; every failure
   * leaves as a ConnectorError.
   */
  async run<T>(what: string, call: (conn: Connection) => Promise<T>): Promise<{ value: T; trace: Trace }> {
    const trace = new Trace(this.secrets);
    const { Connection, TracingTransport } = await jsforce();
    for (let attempt = 1; ; attempt++) {
      try {
        const session = await this.session(trace, what);
        const conn = new Connection({ instanceUrl: session.instanceUrl, accessToken: session.accessToken, version: this.settings.apiVersion });
        // jsforce has no option for its transport; this is the field its own constructor sets
        conn._transport = new TracingTransport(trace, this.settings.timeoutMs);
        try {
          return { value: await call(conn), trace };
        } catch (err) {
          if (attempt === 1 && sessionExpired(trace)) {
            this.forget(session);
            continue;
          }
          throw err;
        }
      } catch (err) {
        throw connectorFailure(err, { what, trace, timeoutMs: this.settings.timeoutMs, secrets: this.secrets });
      }
    }
  }

  private forget(session: Session) {
    if (this.current === session) this.current = undefined;
  }

  /** The current session, or a new sign-in shared by every call that needs one meanwhile. */
  private session(trace: Trace, what: string): Promise<Session> {
    if (this.current) return Promise.resolve(this.current);
    this.pending ??= this.signIn(trace, what).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async signIn(trace: Trace, what: string): Promise<Session> {
    const { OAuth2, TracingTransport } = await jsforce();
    const s = this.settings;
    const oauth2 = new OAuth2({ loginUrl: s.loginUrl, clientId: s.clientId, clientSecret: s.clientSecret });
    oauth2._transport = new TracingTransport(trace, s.timeoutMs);
    try {
      // Salesforce expects the security token appended to the password
      const answer: unknown = await oauth2.authenticate(s.username, s.password + (s.securityToken ?? ""));
      const parsed = tokenAnswer.safeParse(answer);
      if (!parsed.success) throw new UnexpectedAnswer("no access_token and instance_url in the token answer");
      this.current = { instanceUrl: parsed.data.instance_url, accessToken: parsed.data.access_token };
      return this.current;
    } catch (err) {
      throw connectorFailure(err, { what, trace, timeoutMs: s.timeoutMs, secrets: this.secrets, signIn: true });
    }
  }
}
