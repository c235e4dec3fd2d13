// A SOAP client for HTTP tests of the user admin service: the `soap` package's client built from the WSDL the
// server serves, with HTTP Basic credentials, and a reader for the faults it answers with.
import { BasicAuthSecurity, createClientAsync, type Client } from "soap";
import { expect } from "vitest";

export const SERVICE = "/services/RemoteUserStoreManagerService";
export const CLAIM = (name: string) => `http://wso2.org/claims/${name}`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type SoapClient = Client & Record<string, (args: unknown) => Promise<[any, string]>>;

export async function userAdminClient(baseUrl: string, user = "admin", password = "admin"): Promise<SoapClient> {
  const client = (await createClientAsync(`${baseUrl}${SERVICE}?wsdl`)) as SoapClient;
  client.setSecurity(new BasicAuthSecurity(user, password));
  return client;
}

export interface Fault {
  status: number;
  code: string;
  text: string;
}

/** The fault a call was answered with; fails the test when the call succeeded or ended otherwise. */
export async function faultOf(call: Promise<unknown>): Promise<Fault> {
  const err = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "the call should have been answered with a fault").toBeDefined();
  const e = err as { response?: { status: number }; root?: { Envelope?: { Body?: { Fault?: { faultcode?: string; faultstring?: string } } } } };
  const fault = e.root?.Envelope?.Body?.Fault;
  expect(fault, `a SOAP fault, not ${String(err)}`).toBeDefined();
  return { status: e.response?.status ?? 0, code: fault!.faultcode ?? "", text: fault!.faultstring ?? "" };
}

/** A raw POST to the service, for requests no client library would send. */
export async function postEnvelope(baseUrl: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(`${baseUrl}${SERVICE}`, {
    method: "POST",
    headers: { "content-type": "text/xml; charset=utf-8", authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}`, ...headers },
    body,
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

export const envelope = (content: string) =>
  `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ser="http://service.ws.um.carbon.wso2.org" xmlns:xsd="http://common.mgt.user.carbon.wso2.org/xsd"><soapenv:Body>${content}</soapenv:Body></soapenv:Envelope>`;

/** The faultstring of a raw answer. */
export const faultString = (text: string) => /<faultstring>([^<]*)<\/faultstring>/.exec(text)?.[1];
