/**
 * The contract of WSO2's RemoteUserStoreManagerService, the SOAP 1.1 user admin service that WSO2 IS exposes and
 * its clients call: the operations Provisio serves and its SOAP connector sends, with WSO2's element names,
 * namespaces and SOAP actions, so a client written against WSO2 calls Provisio unchanged.
 *
 * One difference from WSO2's own WSDL: WSO2 declares its void operations (addUser, deleteUser, ...) as
 * robust in-only, answered with an empty 202 or a fault. Here each has an empty `…Response` element instead, so a
 * fault can always come back on the same exchange (the `soap` package answers in-only operations before running
 * them). Clients generated from WSO2's WSDL accept either answer.
 */

export const SERVICE_NAME = "RemoteUserStoreManagerService";
export const SERVICE_PATH = `/services/${SERVICE_NAME}`;

/** WSO2's namespaces: the service's elements, the claim value type, and the user API's Claim and Permission types. */
export const NS = {
  service: "http://service.ws.um.carbon.wso2.org",
  common: "http://common.mgt.user.carbon.wso2.org/xsd",
  api: "http://api.user.carbon.wso2.org/xsd",
} as const;

type FieldType = "string" | "boolean" | "ClaimValue" | "Claim" | "Permission";
interface Field {
  name: string;
  type: FieldType;
  many?: boolean;
}
interface Operation {
  input: Field[];
  /** the `return` element of the answer; none for WSO2's void operations */
  returns?: Field;
}

/** The operations, in WSO2's parameter order. */
export const OPERATIONS = {
  addUser: {
    input: [
      { name: "userName", type: "string" },
      { name: "credential", type: "string" },
      { name: "roleList", type: "string", many: true },
      { name: "claims", type: "ClaimValue", many: true },
      { name: "profileName", type: "string" },
      { name: "requirePasswordChange", type: "boolean" },
    ],
  },
  deleteUser: { input: [{ name: "userName", type: "string" }] },
  isExistingUser: { input: [{ name: "userName", type: "string" }], returns: { name: "return", type: "boolean" } },
  updateCredentialByAdmin: {
    input: [
      { name: "userName", type: "string" },
      { name: "newCredential", type: "string" },
    ],
  },
  setUserClaimValues: {
    input: [
      { name: "userName", type: "string" },
      { name: "claims", type: "ClaimValue", many: true },
      { name: "profileName", type: "string" },
    ],
  },
  deleteUserClaimValues: {
    input: [
      { name: "userName", type: "string" },
      { name: "claims", type: "string", many: true },
      { name: "profileName", type: "string" },
    ],
  },
  getUserClaimValues: {
    input: [
      { name: "userName", type: "string" },
      { name: "profileName", type: "string" },
    ],
    returns: { name: "return", type: "Claim", many: true },
  },
  addRole: {
    input: [
      { name: "roleName", type: "string" },
      { name: "userList", type: "string", many: true },
      { name: "permissions", type: "Permission", many: true },
    ],
  },
  deleteRole: { input: [{ name: "roleName", type: "string" }] },
  isExistingRole: { input: [{ name: "roleName", type: "string" }], returns: { name: "return", type: "boolean" } },
  updateRoleListOfUser: {
    input: [
      { name: "userName", type: "string" },
      { name: "deletedRoles", type: "string", many: true },
      { name: "newRoles", type: "string", many: true },
    ],
  },
} as const satisfies Record<string, Operation>;

export type OperationName = keyof typeof OPERATIONS;
export const OPERATION_NAMES = Object.keys(OPERATIONS) as OperationName[];

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(OPERATIONS, name);
}

/** WSO2's SOAP action of an operation. */
export const soapAction = (operation: OperationName) => `urn:${operation}`;

const XSD_TYPE: Record<FieldType, string> = { string: "xs:string", boolean: "xs:boolean", ClaimValue: "ax:ClaimValue", Claim: "api:Claim", Permission: "api:Permission" };

function element(field: Field): string {
  // WSO2 (Axis2) marks every object-typed element nillable; booleans are plain
  const nillable = field.type === "boolean" ? "" : ` nillable="true"`;
  return `<xs:element minOccurs="0"${field.many ? ` maxOccurs="unbounded"` : ""} name="${field.name}"${nillable} type="${XSD_TYPE[field.type]}"/>`;
}

const sequence = (fields: readonly Field[]) => (fields.length ? `<xs:sequence>${fields.map(element).join("")}</xs:sequence>` : "<xs:sequence/>");

const escapeAttribute = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The WSDL 1.1 document, with the SOAP 1.1 port at `endpoint`. */
export function userAdminWsdl(endpoint: string): string {
  const ops = Object.entries(OPERATIONS) as [OperationName, Operation][];
  const serviceElements = ops
    .map(([name, op]) => {
      const request = `<xs:element name="${name}"><xs:complexType>${sequence(op.input)}</xs:complexType></xs:element>`;
      const response = `<xs:element name="${name}Response"><xs:complexType>${sequence(op.returns ? [op.returns] : [])}</xs:complexType></xs:element>`;
      return request + response;
    })
    .join("");
  const messages = ops
    .map(
      ([name]) =>
        `<wsdl:message name="${name}Request"><wsdl:part name="parameters" element="ns:${name}"/></wsdl:message><wsdl:message name="${name}Response"><wsdl:part name="parameters" element="ns:${name}Response"/></wsdl:message>`,
    )
    .join("");
  const fault = `${SERVICE_NAME}UserStoreException`;
  const portOps = ops
    .map(
      ([name]) =>
        `<wsdl:operation name="${name}"><wsdl:input message="ns:${name}Request" wsaw:Action="${soapAction(name)}"/><wsdl:output message="ns:${name}Response" wsaw:Action="${soapAction(name)}Response"/><wsdl:fault message="ns:${fault}" name="${fault}"/></wsdl:operation>`,
    )
    .join("");
  const bindingOps = ops
    .map(
      ([name]) =>
        `<wsdl:operation name="${name}"><soap:operation soapAction="${soapAction(name)}" style="document"/><wsdl:input><soap:body use="literal"/></wsdl:input><wsdl:output><soap:body use="literal"/></wsdl:output><wsdl:fault name="${fault}"><soap:fault use="literal" name="${fault}"/></wsdl:fault></wsdl:operation>`,
    )
    .join("");
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ns="${NS.service}" xmlns:ax="${NS.common}" xmlns:api="${NS.api}" targetNamespace="${NS.service}">`,
    `<wsdl:types>`,
    `<xs:schema attributeFormDefault="qualified" elementFormDefault="qualified" targetNamespace="${NS.common}">`,
    `<xs:complexType name="ClaimValue"><xs:sequence><xs:element minOccurs="0" name="claimURI" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="value" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>`,
    `</xs:schema>`,
    `<xs:schema attributeFormDefault="qualified" elementFormDefault="qualified" targetNamespace="${NS.api}">`,
    `<xs:complexType name="Claim"><xs:sequence><xs:element minOccurs="0" name="claimUri" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="description" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="dialectURI" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="displayTag" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="value" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>`,
    `<xs:complexType name="Permission"><xs:sequence><xs:element minOccurs="0" name="action" nillable="true" type="xs:string"/><xs:element minOccurs="0" name="resourceId" nillable="true" type="xs:string"/></xs:sequence></xs:complexType>`,
    `</xs:schema>`,
    `<xs:schema attributeFormDefault="qualified" elementFormDefault="qualified" targetNamespace="${NS.service}">`,
    `<xs:import namespace="${NS.common}"/><xs:import namespace="${NS.api}"/>`,
    `<xs:element name="${fault}"><xs:complexType><xs:sequence><xs:element minOccurs="0" name="message" nillable="true" type="xs:string"/></xs:sequence></xs:complexType></xs:element>`,
    serviceElements,
    `</xs:schema>`,
    `</wsdl:types>`,
    `<wsdl:message name="${fault}"><wsdl:part name="parameters" element="ns:${fault}"/></wsdl:message>`,
    messages,
    `<wsdl:portType name="${SERVICE_NAME}PortType">${portOps}</wsdl:portType>`,
    `<wsdl:binding name="${SERVICE_NAME}Soap11Binding" type="ns:${SERVICE_NAME}PortType"><soap:binding transport="http://schemas.xmlsoap.org/soap/http" style="document"/>${bindingOps}</wsdl:binding>`,
    `<wsdl:service name="${SERVICE_NAME}"><wsdl:port name="${SERVICE_NAME}HttpSoap11Endpoint" binding="ns:${SERVICE_NAME}Soap11Binding"><soap:address location="${escapeAttribute(endpoint)}"/></wsdl:port></wsdl:service>`,
    `</wsdl:definitions>`,
  ].join("\n");
}
