import { z } from "zod";
import { connectionInputSchema } from "../../provisioning/connections.ts";
import { connectorTypes } from "../../provisioning/connectors/registry.ts";
import { describeFields, described, named } from "./documentation.ts";
import { instant } from "./json-values.ts";
import { federationInputParts, federationParts } from "./federation.ts";

describeFields(connectionInputSchema.shape, {
  name: "Unique, compared without regard to case",
  homeRealmId: "Home realm identifier",
  enabled: "A disabled connection receives nothing; its queued events fail",
});

export const connectionInput = named("ConnectionInput", connectionInputSchema);

export const connectorTypeSchema = described(z.enum(Object.keys(connectorTypes) as [string, ...string[]]), "The connector type");

export const connectorInput = named(
  "ConnectorInput",
  z.object({
    enabled: described(z.boolean().optional(), "Defaults to true for a new connector and to the current state otherwise"),
    config: described(
      z.record(z.string(), z.unknown(), { error: "config must be an object of settings" }),
      "The settings of the type (see /identity-providers/meta/outbound-provisioning-connectors). Secret settings left out or empty keep their stored values.",
    ),
  }),
);

export const connectorToggle = named("ConnectorToggle", z.object({ enabled: z.boolean({ error: "enabled must be true or false" }) }));

export const provisioningRolesInput = named("ProvisioningRolesInput", z.object({ roleIds: z.array(z.string().min(1)).max(1000) }));

export const syncRequest = named(
  "SyncRequest",
  z.object({
    connectorType: described(z.string().min(1, "connectorType is required"), "The type of the connection's connector to synchronise"),
    dryRun: described(z.boolean().default(false), "Only count what would be queued (GET /identity-providers/{id}/sync/plan lists it object by object)"),
  }),
);

export const connectionTestRequest = named(
  "ConnectionTestRequest",
  z.object({
    type: described(z.string().min(1).optional(), "Test only the connector of this type; required with config"),
    config: described(
      z.record(z.string(), z.unknown(), { error: "config must be an object of settings" }).optional(),
      "Unsaved settings to test instead of the saved ones (the connector form's); secret settings left out or empty fall back to the saved values. The result is not kept.",
    ),
  }),
);

const capabilityCheck = z.strictObject({
  capability: described(
    z.string(),
    "connection, serviceProviderConfig, createUser, readUser, patch, patchPathless, filterUserName, createGroup, filterMembers, excludedAttributes, etag, bulk, deleteGroup, deleteUser",
  ),
  label: z.string(),
  state: z.enum(["supported", "unsupported", "unknown"]),
  evidence: described(z.string(), "The request and the status that decided it"),
});

const connectionTestFields = {
  ok: described(z.boolean(), "The endpoint answered and accepted the credentials"),
  message: described(z.string(), "What works, or what to fix, in a sentence"),
  testedAt: instant(),
  capabilities: z.array(capabilityCheck),
};

export const connectionTest = named("ConnectionTest", z.strictObject(connectionTestFields), "A connection test: the endpoint and credentials and, for SCIM 2.0, what the target supports");

export const connectionTestOutcome = named(
  "ConnectionTestOutcome",
  z.strictObject({
    ...connectionTestFields,
    type: z.string(),
    connectorId: described(z.string().nullable(), "The saved connector tested; null for unsaved settings"),
    stored: described(z.boolean(), "Kept with the connector, whose deliveries then use what the test found"),
  }),
);

export const roleRef = named("RoleRef", z.strictObject({ id: z.string(), name: z.string() }));

export const connector = named(
  "Connector",
  z.strictObject({
    id: z.string(),
    connectionId: z.string(),
    type: z.string(),
    enabled: z.boolean(),
    config: described(z.record(z.string(), z.unknown()), "The settings without their secrets"),
    secretsSet: described(z.array(z.string()), "Secret settings that have a stored value; their values are never returned"),
    connectionTest: described(connectionTest.nullable(), "The last connection test of the saved settings"),
  }),
);

export const connection = named(
  "Connection",
  z.strictObject({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    homeRealmId: z.string().nullable(),
    alias: z.string().nullable(),
    enabled: z.boolean(),
    connectors: z.array(connector),
    provisioningRoles: described(z.array(roleRef), "When any is set, only users holding one of these roles are provisioned"),
    federatedSignIn: described(z.boolean(), "Its OpenID Connect authenticator is enabled: users can sign in through it while the connection is enabled"),
    version: z.int(),
    createdAt: instant(),
    updatedAt: instant(),
  }),
  "A connection (identity provider) with its outbound provisioning connectors and whether it offers federated sign-in",
);

export const connectorTypeInfo = named(
  "ConnectorType",
  z.strictObject({
    type: z.string(),
    label: z.string(),
    connectorId: described(z.string(), "WSO2's id of the type: its WSO2 name in base64url without padding (scim2 → c2NpbTI)"),
    name: described(z.string(), "WSO2's name of the type"),
    displayName: z.string(),
    properties: described(
      z.array(
        z.strictObject({
          key: z.string(),
          type: z.string(),
          isMandatory: z.boolean(),
          isConfidential: z.boolean(),
          defaultValue: z.string(),
          options: z.array(z.string()),
          description: z.string(),
        }),
      ),
      "The settings as WSO2 lists them",
    ),
    secretFields: described(z.array(z.string()), "Settings stored encrypted: never returned, only listed in a connector's secretsSet"),
    configSchema: described(z.record(z.string(), z.unknown()), "JSON Schema of the settings"),
  }),
);

export const syncResult = named(
  "SyncResult",
  z.strictObject({
    create: z.int(),
    update: z.int(),
    delete: z.int(),
    total: z.int(),
    alreadyQueued: described(z.int(), "Objects skipped because an event for them already waits in the queue"),
    failed: z.int(),
    errors: described(z.array(z.strictObject({ entityType: z.string(), entityId: z.string(), error: z.string() })), "The first failures; the sync went on past them"),
    dryRun: z.boolean(),
  }),
);

export const roleName = named("RoleName", z.strictObject({ id: z.string(), name: z.string() }), "A role a connection's provisioning may be limited to");

export const connectionCreateInput = named(
  "ConnectionCreateInput",
  connectionInputSchema.extend(federationInputParts),
  "A connection's general settings and, optionally, its federated sign-in settings in WSO2 IS 7's shape",
);

export const connectionDetail = named("ConnectionDetail", connection.extend(federationParts), "A connection with its federated sign-in and JIT provisioning settings");

export const localClaim = named("LocalClaim", z.strictObject({ uri: z.string() }), "A local attribute a claim can be mapped to, as a SCIM path");

export const wso2ConnectorInput = named(
  "OutboundConnectorInput",
  z.object({
    connectorId: described(z.string().optional(), "Ignored: the path names the connector"),
    isEnabled: z.boolean().optional(),
    isDefault: described(z.boolean().optional(), "Accepted for WSO2 compatibility; the first connector is the default"),
    blockingEnabled: described(z.boolean().optional(), "Applied to every application's provisioner using this connector"),
    rulesEnabled: described(z.boolean().optional(), "false turns rules off on every provisioner using this connector; rules are set per application"),
    properties: described(
      z
        .array(z.object({ key: z.string().min(1).max(255), value: z.string().max(65536) }))
        .max(200)
        .default([]),
      "The settings as text; secret settings left out keep their stored values",
    ),
  }),
);

export const wso2Connector = named(
  "OutboundConnector",
  z.strictObject({
    connectorId: z.string(),
    name: z.string(),
    isEnabled: z.boolean(),
    isDefault: z.boolean(),
    blockingEnabled: described(z.boolean(), "Whether any application's provisioner using this connector is blocking"),
    rulesEnabled: described(z.boolean(), "Whether any application's provisioner using this connector has rules"),
    properties: described(z.array(z.strictObject({ key: z.string(), value: z.string() })), "The settings, without secrets"),
  }),
  "An outbound connector in WSO2 IS 7's shape",
);

export const wso2ConnectorList = named("OutboundConnectorList", z.strictObject({ defaultConnectorId: z.string().nullable(), connectors: z.array(wso2Connector) }));
