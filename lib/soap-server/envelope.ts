import type { SoapFault } from "./fault.ts";

export const SOAP11_ENVELOPE_NS = "http://schemas.xmlsoap.org/soap/envelope/";
/** SOAP 1.1 over HTTP (section 6.1.1). */
export const SOAP11_CONTENT_TYPE = "text/xml; charset=utf-8";

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

/** A SOAP 1.1 envelope around body content; `namespaces` are declarations the content's prefixes need. */
export function envelope(body: string, namespaces = ""): string {
  return `<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_ENVELOPE_NS}"${namespaces ? ` ${namespaces.trim()}` : ""}><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

export function faultEnvelope(fault: SoapFault): string {
  return envelope(`<soapenv:Fault><faultcode>soapenv:${fault.code}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring></soapenv:Fault>`);
}
