import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WSDL } from "soap";
import { SERVICE_PATH, userAdminWsdl } from "../../lib/wso2-user-admin/wsdl.ts";

/**
 * WSO2 IS's RemoteUserStoreManagerService on 127.0.0.1, for connector tests: it reads requests through the
 * `soap` package's model of the service and answers as WSO2 does — a void operation with an empty 202 (WSO2
 * declares them robust in-only), a query with its response element, every failure a soapenv:Server fault (HTTP
 * 500) in WSO2's words, and wrong credentials as WSO2's "Access Denied" fault.
 */
export interface FakeWso2Call {
  operation: string;
  args: any;
  soapAction: string | undefined;
  authorization: string | undefined;
}

export interface FakeWso2User {
  password?: string;
  claims: Map<string, string>;
}

/** What the next calls get instead of the normal answer. */
export type Misbehaviour = "unavailable" | "html" | "not-soap" | "server-fault" | "http-401";

export interface FakeWso2 {
  serviceUrl: string;
  calls: FakeWso2Call[];
  users: Map<string, FakeWso2User>;
  /** role name -> member user names */
  roles: Map<string, Set<string>>;
  /** the next `times` calls misbehave so */
  misbehave(kind: Misbehaviour, times?: number): void;
  /** the credentials it accepts from now on */
  acceptCredentials(credentials: { username: string; password: string }): void;
  close(): Promise<void>;
}

const ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
const SERVICE_NS = "http://service.ws.um.carbon.wso2.org";

const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const envelope = (body: string) => `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${ENVELOPE_NS}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;

class Wso2Fault extends Error {}

const list = (v: unknown): any[] => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);

export async function startFakeWso2(credentials: { username: string; password: string }): Promise<FakeWso2> {
  const wsdl = await new Promise<WSDL>((resolve, reject) => {
    const model = new WSDL(userAdminWsdl(`http://localhost${SERVICE_PATH}`), "http://localhost/", {});
    model.onReady((err) => (err ? reject(err) : resolve(model)));
  });
  const calls: FakeWso2Call[] = [];
  const users = new Map<string, FakeWso2User>();
  const roles = new Map<string, Set<string>>();
  const queued: Misbehaviour[] = [];
  const basic = (c: { username: string; password: string }) => `Basic ${Buffer.from(`${c.username}:${c.password}`).toString("base64")}`;
  let expected = basic(credentials);

  const user = (name: string) => {
    const found = users.get(name);
    if (!found) throw new Wso2Fault(`UserNotFound: User ${name} does not exist in: PRIMARY`);
    return found;
  };
  const role = (name: string) => {
    const found = roles.get(name);
    if (!found) throw new Wso2Fault(`Role ${name} does not exist.`);
    return found;
  };

  /** The answer element of a query, or undefined for a void operation. */
  function run(operation: string, args: any): string | undefined {
    switch (operation) {
      case "addUser": {
        if (users.has(args.userName)) throw new Wso2Fault(`30004 - User name : ${args.userName} already exists in the system. Please pick another user name.`);
        if (!args.credential || !/^[\S]{5,30}$/.test(args.credential)) throw new Wso2Fault("Credential is not valid. Credential must be a non null string with following format, ^[\\S]{5,30}$");
        users.set(args.userName, { password: args.credential, claims: new Map(list(args.claims).map((c: any) => [c.claimURI, c.value ?? ""])) });
        for (const r of list(args.roleList)) role(r).add(args.userName);
        return undefined;
      }
      case "deleteUser":
        user(args.userName);
        users.delete(args.userName);
        for (const members of roles.values()) members.delete(args.userName);
        return undefined;
      case "isExistingUser":
        return `<ns:return>${users.has(args.userName)}</ns:return>`;
      case "setUserClaimValues":
        for (const c of list(args.claims)) user(args.userName).claims.set(c.claimURI, c.value ?? "");
        return undefined;
      case "deleteUserClaimValues":
        for (const c of list(args.claims)) user(args.userName).claims.delete(c);
        return undefined;
      case "updateCredentialByAdmin":
        user(args.userName).password = args.newCredential;
        return undefined;
      case "addRole":
        if (roles.has(args.roleName)) throw new Wso2Fault(`30012 - Role name: ${args.roleName} already exists in the system. Please pick another role name.`);
        for (const u of list(args.userList)) user(u);
        roles.set(args.roleName, new Set(list(args.userList)));
        return undefined;
      case "deleteRole":
        role(args.roleName);
        roles.delete(args.roleName);
        return undefined;
      case "isExistingRole":
        return `<ns:return>${roles.has(args.roleName)}</ns:return>`;
      case "updateRoleListOfUser":
        user(args.userName);
        for (const r of list(args.deletedRoles)) role(r).delete(args.userName);
        for (const r of list(args.newRoles)) role(r).add(args.userName);
        return undefined;
      default:
        throw new Wso2Fault(`The endpoint reference (EPR) for the Operation not found is ${operation}`);
    }
  }

  const fault = (res: ServerResponse, text: string) => {
    res.writeHead(500, { "content-type": "text/xml; charset=UTF-8" });
    res.end(
      envelope(
        `<soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${escape(text)}</faultstring><detail><ns:RemoteUserStoreManagerServiceUserStoreException xmlns:ns="${SERVICE_NS}"><ns:message>${escape(text)}</ns:message></ns:RemoteUserStoreManagerServiceUserStoreException></detail></soapenv:Fault>`,
      ),
    );
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (req.url !== SERVICE_PATH) return void res.writeHead(404, { "content-type": "text/html" }).end("<html><body>Not found</body></html>");
      const misbehaviour = queued.shift();
      if (misbehaviour === "unavailable") return void res.writeHead(503, { "content-type": "text/html" }).end("<html><body>Service Unavailable</body></html>");
      if (misbehaviour === "html") return void res.writeHead(200, { "content-type": "text/html" }).end("<html><body>Sign in to continue</body></html>");
      if (misbehaviour === "not-soap") return void res.writeHead(200, { "content-type": "text/xml" }).end("<ok/>");
      if (misbehaviour === "server-fault") return fault(res, "Error occurred while accessing the user store database");
      if (misbehaviour === "http-401") return void res.writeHead(401, { "www-authenticate": 'Basic realm="WSO2"' }).end();
      if (req.headers.authorization !== expected) return fault(res, "Access Denied. Authentication failed - Invalid credentials provided.");
      let operation = "";
      try {
        const body = (wsdl.xmlToObject(Buffer.concat(chunks).toString("utf8")) as { Body: Record<string, any> }).Body;
        operation = Object.keys(body)[0]!;
        const args = body[operation] ?? {};
        calls.push({ operation, args, soapAction: req.headers.soapaction as string | undefined, authorization: req.headers.authorization });
        const answer = run(operation, args);
        if (answer === undefined) return void res.writeHead(202).end();
        res.writeHead(200, { "content-type": "text/xml; charset=UTF-8" });
        res.end(envelope(`<ns:${operation}Response xmlns:ns="${SERVICE_NS}">${answer}</ns:${operation}Response>`));
      } catch (err) {
        fault(res, err instanceof Wso2Fault ? err.message : `Error while processing ${operation || "the request"}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    calls,
    users,
    roles,
    misbehave(kind, times = 1) {
      for (let i = 0; i < times; i++) queued.push(kind);
    },
    acceptCredentials(next) {
      expected = basic(next);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
