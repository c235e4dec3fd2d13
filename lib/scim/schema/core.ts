import type { AttributeDefinition, ResourceTypeDefinition, SchemaDefinition } from "./types.ts";

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** WSO2 Identity Server's role schema (its /v2/Roles API). */
export const ROLE_SCHEMA = "urn:ietf:params:scim:schemas:extension:2.0:Role";
/** WSO2's custom User extension; its attributes are defined by administrators at run time. */
export const CUSTOM_USER_SCHEMA = "urn:scim:schemas:extension:custom:User";

// Message schemas of RFC 7644 §3.1, §3.4.3, §3.5.2 and §3.7.
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const SEARCH_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";
export const BULK_REQUEST_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
export const BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

type Options = Partial<Omit<AttributeDefinition, "name" | "type" | "description" | "subAttributes">>;

// Defaults are those RFC 7643 §2.2 assigns to a characteristic left unspecified.
function attr(name: string, type: AttributeDefinition["type"], description: string, options: Options = {}): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: "readWrite",
    returned: "default",
    uniqueness: "none",
    ...options,
  };
}

const str = (name: string, description: string, options?: Options) => attr(name, "string", description, options);

function complex(name: string, description: string, subAttributes: AttributeDefinition[], options: Options = {}): AttributeDefinition {
  return { ...attr(name, "complex", description, options), subAttributes };
}

interface PluralOptions {
  readonly value?: AttributeDefinition;
  readonly types?: readonly string[];
  readonly display?: boolean;
}

/**
 * The "value"/"display"/"type"/"primary" shape RFC 7643 §2.4 recommends for
 * multi-valued attributes, as §8.7.1 spells it out for each User attribute.
 */
function plural(name: string, description: string, valueDescription: string, options: PluralOptions = {}): AttributeDefinition {
  const type = str("type", `A label indicating the attribute's function.`, options.types ? { canonicalValues: options.types } : {});
  const subs = [
    options.value ?? str("value", valueDescription),
    ...(options.display === false ? [] : [str("display", "A human-readable name, primarily used for display purposes.")]),
    type,
    attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred attribute value for this attribute."),
  ];
  return complex(name, description, subs, { multiValued: true });
}

/** RFC 7643 §3.1: present on every resource and defined by no schema of its own. */
export const COMMON_ATTRIBUTES: readonly AttributeDefinition[] = deepFreeze([
  str("id", "A unique identifier for a SCIM resource as defined by the service provider.", {
    caseExact: true,
    mutability: "readOnly",
    returned: "always",
    uniqueness: "server",
  }),
  str("externalId", "A String that is an identifier for the resource as defined by the provisioning client.", {
    caseExact: true,
  }),
  complex(
    "meta",
    "A complex attribute containing resource metadata.",
    [
      str("resourceType", "The name of the resource type of the resource.", { caseExact: true, mutability: "readOnly" }),
      attr("created", "dateTime", "The DateTime that the resource was added to the service provider.", { mutability: "readOnly" }),
      attr("lastModified", "dateTime", "The most recent DateTime that the details of this resource were updated.", {
        mutability: "readOnly",
      }),
      attr("location", "reference", "The URI of the resource being returned.", {
        caseExact: true,
        mutability: "readOnly",
        referenceTypes: ["uri"],
      }),
      str("version", "The version of the resource being returned.", { caseExact: true, mutability: "readOnly" }),
    ],
    { mutability: "readOnly" },
  ),
]);

/** RFC 7643 §4.1 and §8.7.1. */
export const USER_SCHEMA_DEFINITION: SchemaDefinition = deepFreeze({
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    str("userName", "Unique identifier for the User, typically used by the user to directly authenticate to the service provider.", {
      required: true,
      uniqueness: "server",
    }),
    complex("name", "The components of the user's real name.", [
      str("formatted", "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display."),
      str("familyName", "The family name of the User, or last name in most Western languages."),
      str("givenName", "The given name of the User, or first name in most Western languages."),
      str("middleName", "The middle name(s) of the User."),
      str("honorificPrefix", "The honorific prefix(es) of the User, or title in most Western languages."),
      str("honorificSuffix", "The honorific suffix(es) of the User, or suffix in most Western languages."),
    ]),
    str("displayName", "The name of the User, suitable for display to end-users."),
    str("nickName", "The casual way to address the user in real life."),
    attr("profileUrl", "reference", "A fully qualified URL pointing to a page representing the User's online profile.", {
      referenceTypes: ["external"],
    }),
    str("title", 'The user\'s title, such as "Vice President".'),
    str("userType", "Used to identify the relationship between the organization and the user."),
    str("preferredLanguage", "Indicates the User's preferred written or spoken language (RFC 7231 Accept-Language)."),
    str("locale", "Used to indicate the User's default location for purposes of localizing items such as currency."),
    str("timezone", "The User's time zone in the 'Olson' time zone database format."),
    attr("active", "boolean", "A Boolean value indicating the User's administrative status."),
    // RFC 7643 §4.1.1 and §7: the cleartext password is never returned.
    str("password", "The User's cleartext password, used to set or replace it.", { mutability: "writeOnly", returned: "never" }),
    plural("emails", "Email addresses for the user.", "Email addresses for the user, canonicalized per RFC 5321.", {
      types: ["work", "home", "other"],
    }),
    plural("phoneNumbers", "Phone numbers for the User.", "Phone number of the User.", {
      types: ["work", "home", "mobile", "fax", "pager", "other"],
    }),
    plural("ims", "Instant messaging addresses for the User.", "Instant messaging address for the User.", {
      types: ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"],
    }),
    plural("photos", "URLs of photos of the User.", "URL of a photo of the User.", {
      value: attr("value", "reference", "URL of a photo of the User.", { referenceTypes: ["external"] }),
      types: ["photo", "thumbnail"],
    }),
    complex(
      "addresses",
      "A physical mailing address for this User.",
      [
        str("formatted", "The full mailing address, formatted for display or use with a mailing label."),
        str("streetAddress", "The full street address component."),
        str("locality", "The city or locality component."),
        str("region", "The state or region component."),
        str("postalCode", "The zip code or postal code component."),
        str("country", "The country name component, in ISO 3166-1 alpha-2 form."),
        str("type", "A label indicating the attribute's function.", { canonicalValues: ["work", "home", "other"] }),
        attr("primary", "boolean", "A Boolean value indicating the 'primary' or preferred address."),
      ],
      { multiValued: true },
    ),
    // RFC 7643 §4.1.2: membership is changed through the Group resource only.
    complex(
      "groups",
      "A list of groups to which the user belongs, either through direct membership or nested groups.",
      [
        str("value", "The identifier of the User's group.", { mutability: "readOnly" }),
        attr("$ref", "reference", "The URI of the corresponding 'Group' resource.", {
          mutability: "readOnly",
          referenceTypes: ["User", "Group"],
        }),
        str("display", "A human-readable name, primarily used for display purposes.", { mutability: "readOnly" }),
        str("type", "A label indicating the attribute's function.", {
          mutability: "readOnly",
          canonicalValues: ["direct", "indirect"],
        }),
      ],
      { multiValued: true, mutability: "readOnly" },
    ),
    plural("entitlements", "A list of entitlements for the User.", "The value of an entitlement."),
    plural("roles", "A list of roles for the User.", "The value of a role."),
    plural("x509Certificates", "A list of certificates issued to the User.", "The value of an X.509 certificate.", {
      value: attr("value", "binary", "The value of an X.509 certificate (base64-encoded DER)."),
    }),
  ],
});

/** RFC 7643 §4.2 and §8.7.1. */
export const GROUP_SCHEMA_DEFINITION: SchemaDefinition = deepFreeze({
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    // §4.2 calls displayName REQUIRED (the §8.7.1 listing says otherwise);
    // the store keeps it unique per user store domain.
    str("displayName", "A human-readable name for the Group.", { required: true, uniqueness: "server" }),
    complex(
      "members",
      "A list of members of the Group.",
      [
        str("value", "Identifier of the member of this Group.", { mutability: "immutable" }),
        attr("$ref", "reference", "The URI corresponding to a SCIM resource that is a member of this Group.", {
          mutability: "immutable",
          referenceTypes: ["User", "Group"],
        }),
        // §4.2 names "display" among the member sub-attributes although §8.7.1 omits it.
        str("display", "A human-readable name, primarily used for display purposes.", { mutability: "immutable" }),
        str("type", "A label indicating the type of resource, e.g., 'User' or 'Group'.", {
          mutability: "immutable",
          canonicalValues: ["User", "Group"],
        }),
      ],
      { multiValued: true },
    ),
  ],
});

/** RFC 7643 §4.3 and §8.7.2. */
export const ENTERPRISE_USER_SCHEMA_DEFINITION: SchemaDefinition = deepFreeze({
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
    str("costCenter", "Identifies the name of a cost center."),
    str("organization", "Identifies the name of an organization."),
    str("division", "Identifies the name of a division."),
    str("department", "Identifies the name of a department."),
    complex("manager", "The User's manager.", [
      str("value", "The id of the SCIM resource representing the User's manager."),
      attr("$ref", "reference", "The URI of the SCIM resource representing the User's manager.", { referenceTypes: ["User"] }),
      str("displayName", "The displayName of the User's manager.", { mutability: "readOnly" }),
    ]),
  ],
});

/** WSO2 Identity Server's role schema, as served by its /scim2/v2/Roles endpoint. */
export const ROLE_SCHEMA_DEFINITION: SchemaDefinition = deepFreeze({
  id: ROLE_SCHEMA,
  name: "Role",
  description: "Role",
  attributes: [
    str("displayName", "The name of the role.", { required: true, uniqueness: "server" }),
    // The audience (the organisation or one application) decides which
    // permissions a role may carry, so it is fixed once the role exists.
    complex(
      "audience",
      "The audience of the role: the organization or an application.",
      [
        str("value", "The identifier of the audience.", { mutability: "immutable" }),
        str("display", "The display name of the audience.", { mutability: "immutable" }),
        str("type", "The audience type.", { mutability: "immutable", canonicalValues: ["organization", "application"] }),
      ],
      { mutability: "immutable" },
    ),
    complex("permissions", "The permissions of the role.", [str("value", "The permission (API scope).", { required: true }), str("display", "The display name of the permission.")], {
      multiValued: true,
    }),
    complex(
      "users",
      "The users assigned to the role.",
      [
        str("value", "The id of the user.", { required: true, mutability: "immutable" }),
        str("display", "The display name of the user.", { mutability: "immutable" }),
        attr("$ref", "reference", "The URI of the user.", { mutability: "immutable", referenceTypes: ["User"] }),
      ],
      { multiValued: true },
    ),
    complex(
      "groups",
      "The groups assigned to the role.",
      [
        str("value", "The id of the group.", { required: true, mutability: "immutable" }),
        str("display", "The display name of the group.", { mutability: "immutable" }),
        attr("$ref", "reference", "The URI of the group.", { mutability: "immutable", referenceTypes: ["Group"] }),
      ],
      { multiValued: true },
    ),
  ],
});

/** The attribute characteristics an administrator defines for a custom extension attribute. */
export type CustomAttributeSpec = Pick<AttributeDefinition, "name" | "type" | "multiValued" | "required" | "caseExact" | "mutability" | "returned" | "uniqueness"> & {
  readonly description?: string;
  readonly canonicalValues?: readonly string[];
};

const customSchemas = new WeakMap<readonly CustomAttributeSpec[], SchemaDefinition>();

/**
 * The custom User extension built from its attribute rows. Memoised on the
 * identity of `attributes`, so a cached row list yields the same schema
 * object and the registry's indexes of it are reused.
 */
export function customUserSchema(attributes: readonly CustomAttributeSpec[]): SchemaDefinition {
  const cached = customSchemas.get(attributes);
  if (cached !== undefined) return cached;
  const schema: SchemaDefinition = deepFreeze({
    id: CUSTOM_USER_SCHEMA,
    name: "CustomUser",
    description: "Custom User extension",
    attributes: attributes.map((a) => {
      const definition: AttributeDefinition = {
        name: a.name,
        type: a.type,
        multiValued: a.multiValued,
        description: a.description ?? "",
        required: a.required,
        caseExact: a.caseExact,
        mutability: a.mutability,
        returned: a.returned,
        uniqueness: a.uniqueness,
      };
      return a.canonicalValues !== undefined && a.canonicalValues.length > 0 ? { ...definition, canonicalValues: [...a.canonicalValues] } : definition;
    }),
  });
  customSchemas.set(attributes, schema);
  return schema;
}

export const USER_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: "User",
  name: "User",
  endpoint: "/Users",
  description: "User Account",
  schema: USER_SCHEMA,
  schemaExtensions: [
    { schema: ENTERPRISE_USER_SCHEMA, required: false },
    { schema: CUSTOM_USER_SCHEMA, required: false },
  ],
});

export const GROUP_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: "Group",
  name: "Group",
  endpoint: "/Groups",
  description: "Group",
  schema: GROUP_SCHEMA,
  schemaExtensions: [],
});

export const ROLE_RESOURCE_TYPE: ResourceTypeDefinition = deepFreeze({
  id: "Role",
  name: "Role",
  endpoint: "/v2/Roles",
  description: "Role",
  schema: ROLE_SCHEMA,
  schemaExtensions: [],
});

// The definitions are shared by every request; freezing keeps one request
// from altering what the next one validates against.
function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
