import { WSDL } from "soap";
import { SERVICE_PATH, userAdminWsdl } from "../wso2-user-admin/wsdl.ts";

export interface ServiceDescription {
  /** the WSDL document served at ?wsdl */
  text: string;
  /** the `soap` package's model of it: parses request bodies and writes answers by its schema */
  wsdl: WSDL;
}

// one per base URL (in practice one per process): building the model parses the WSDL
const descriptions = new Map<string, Promise<ServiceDescription>>();

export function serviceDescription(baseUrl: string): Promise<ServiceDescription> {
  let description = descriptions.get(baseUrl);
  if (!description) {
    const text = userAdminWsdl(`${baseUrl.replace(/\/+$/, "")}${SERVICE_PATH}`);
    description = new Promise<ServiceDescription>((resolve, reject) => {
      const wsdl = new WSDL(text, baseUrl, {});
      wsdl.onReady((err) => (err ? reject(err) : resolve({ text, wsdl })));
    });
    descriptions.set(baseUrl, description);
  }
  return description;
}
