// Attribute definitions for the resources we serve (RFC 7643 §4, §8.7.1). One table drives
// discovery (/Schemas), filter case rules (caseExact), PATCH boolean coercion, and the canonical
// spelling of attribute names (clients send `Primary`, `DisplayName`, `emails.Value`…).

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_USER_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const LIST_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
export const PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export type AttrType = "string" | "boolean" | "decimal" | "integer" | "dateTime" | "reference" | "complex" | "binary";

export interface AttributeDef {
  name: string;
  type: AttrType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: "readOnly" | "readWrite" | "immutable" | "writeOnly";
  returned: "always" | "never" | "default" | "request";
  uniqueness: "none" | "server" | "global";
  subAttributes?: AttributeDef[];
  referenceTypes?: string[];
  canonicalValues?: string[];
}

export interface SchemaDef {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDef[];
}

type Opts = Partial<Omit<AttributeDef, "name" | "type" | "description">>;
const attr = (name: string, type: AttrType, description: string, o: Opts = {}): AttributeDef => ({
  name,
  type,
  multiValued: false,
  description,
  required: false,
  caseExact: false,
  mutability: "readWrite",
  returned: "default",
  uniqueness: "none",
  ...o,
});
const str = (name: string, description: string, o: Opts = {}) => attr(name, "string", description, o);

/** value/display/type/primary — the common shape of emails, phoneNumbers, ims, photos, entitlements, roles… */
const multi = (name: string, description: string, valueType: AttrType = "string", types?: string[]) =>
  attr(name, "complex", description, {
    multiValued: true,
    subAttributes: [
      attr("value", valueType, `The ${name} value.`),
      str("display", "A human-readable name, primarily used for display purposes."),
      str("type", "A label indicating the attribute's function.", types ? { canonicalValues: types } : {}),
      attr("primary", "boolean", "Indicates the primary or preferred attribute value."),
    ],
  });

const idAttr = attr("id", "string", "Unique identifier for the resource, assigned by the service provider.", {
  caseExact: true,
  mutability: "readOnly",
  returned: "always",
  uniqueness: "server",
});
const externalIdAttr = str("externalId", "Identifier for the resource as defined by the provisioning client.", {
  caseExact: true,
});
const metaAttr = attr("meta", "complex", "Resource metadata.", {
  mutability: "readOnly",
  subAttributes: [
    str("resourceType", "The name of the resource type of the resource.", { caseExact: true, mutability: "readOnly" }),
    attr("created", "dateTime", "The date and time the resource was added.", { mutability: "readOnly" }),
    attr("lastModified", "dateTime", "The most recent date and time the resource was modified.", {
      mutability: "readOnly",
    }),
    attr("location", "reference", "The URI of the resource being returned.", {
      caseExact: true,
      mutability: "readOnly",
    }),
    str("version", "The version (ETag) of the resource being returned.", { caseExact: true, mutability: "readOnly" }),
  ],
});

export const userSchema: SchemaDef = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    str("userName", "Unique identifier for the User, typically used to sign in. Compared case-insensitively.", {
      required: true,
      uniqueness: "server",
    }),
    attr("name", "complex", "The components of the user's real name.", {
      subAttributes: [
        str("formatted", "The full name, formatted for display."),
        str("familyName", "The family name of the User."),
        str("givenName", "The given name of the User."),
        str("middleName", "The middle name(s) of the User."),
        str("honorificPrefix", "The honorific prefix(es) of the User."),
        str("honorificSuffix", "The honorific suffix(es) of the User."),
      ],
    }),
    str("displayName", "The name of the User, suitable for display to end-users."),
    str("nickName", "The casual way to address the user."),
    attr(
      "profileUrl",
      "reference",
      "A fully qualified URL pointing to a page representing the User's online profile.",
      {
        referenceTypes: ["external"],
      },
    ),
    str("title", 'The user\'s title, such as "Vice President".'),
    str("userType", 'Workspace role: "admin", "user" or "member_lite" (other values are stored, role unchanged).'),
    str("preferredLanguage", "Preferred written or spoken language of the User."),
    str("locale", "Default location of the User."),
    str("timezone", "The User's time zone in the 'Olson' format."),
    attr("active", "boolean", "Whether the member can use the workspace. false suspends the member."),
    str("password", "Accepted for compatibility; never stored or returned.", {
      mutability: "writeOnly",
      returned: "never",
    }),
    multi("emails", "Email addresses for the user.", "string", ["work", "home", "other"]),
    multi("phoneNumbers", "Phone numbers for the User.", "string", ["work", "home", "mobile", "fax", "pager", "other"]),
    multi("ims", "Instant messaging addresses for the User."),
    multi("photos", "URLs of photos of the User.", "reference", ["photo", "thumbnail"]),
    attr("addresses", "complex", "A physical mailing address for this User.", {
      multiValued: true,
      subAttributes: [
        str("formatted", "The full mailing address."),
        str("streetAddress", "The full street address component."),
        str("locality", "The city or locality component."),
        str("region", "The state or region component."),
        str("postalCode", "The zip code or postal code component."),
        str("country", "The country name component."),
        str("type", "A label indicating the attribute's function.", { canonicalValues: ["work", "home", "other"] }),
        attr("primary", "boolean", "Indicates the primary address."),
      ],
    }),
    attr("groups", "complex", "Groups to which the user belongs (managed through /Groups).", {
      multiValued: true,
      mutability: "readOnly",
      subAttributes: [
        str("value", "The identifier of the User's group.", { mutability: "readOnly" }),
        attr("$ref", "reference", "The URI of the Group.", { mutability: "readOnly", referenceTypes: ["Group"] }),
        str("display", "A human-readable name.", { mutability: "readOnly" }),
        str("type", "direct", { mutability: "readOnly" }),
      ],
    }),
    multi("entitlements", "A list of entitlements for the User."),
    multi("roles", "A list of roles for the User."),
    multi("x509Certificates", "A list of certificates issued to the User.", "binary"),
  ],
};

export const enterpriseUserSchema: SchemaDef = {
  id: ENTERPRISE_USER_SCHEMA,
  name: "EnterpriseUser",
  description: "Enterprise User",
  attributes: [
    str("employeeNumber", "Numeric or alphanumeric identifier assigned to a person."),
    str("costCenter", "Identifies the name of a cost center."),
    str("organization", "Identifies the name of an organization."),
    str("division", "Identifies the name of a division."),
    str("department", "Identifies the name of a department."),
    attr("manager", "complex", "The User's manager: another member of the same workspace.", {
      subAttributes: [
        str("value", "The id of the SCIM resource representing the User's manager."),
        attr("$ref", "reference", "The URI of the manager.", { referenceTypes: ["User"] }),
        str("displayName", "The displayName of the User's manager.", { mutability: "readOnly" }),
      ],
    }),
  ],
};

export const groupSchema: SchemaDef = {
  id: GROUP_SCHEMA,
  name: "Group",
  description: "Group",
  attributes: [
    str("displayName", "A human-readable name for the Group. Unique per workspace, compared case-insensitively.", {
      required: true,
      uniqueness: "server",
    }),
    attr("members", "complex", "A list of members of the Group.", {
      multiValued: true,
      subAttributes: [
        str("value", "Identifier of the member of this Group.", { caseExact: true, mutability: "immutable" }),
        attr("$ref", "reference", "The URI of the member resource.", {
          mutability: "immutable",
          referenceTypes: ["User"],
        }),
        str("display", "A human-readable name for the member.", { mutability: "readOnly" }),
        str("type", "The type of member: User.", { mutability: "immutable", canonicalValues: ["User"] }),
      ],
    }),
  ],
};

/** Attributes every resource has (RFC 7643 §3.1), not listed inside the schemas above. */
export const commonAttributes: AttributeDef[] = [idAttr, externalIdAttr, metaAttr];

export type ResourceTypeName = "User" | "Group";

export const SCHEMAS_BY_TYPE: Record<ResourceTypeName, { core: SchemaDef; extensions: SchemaDef[] }> = {
  User: { core: userSchema, extensions: [enterpriseUserSchema] },
  Group: { core: groupSchema, extensions: [] },
};

const lower = (s: string) => s.toLowerCase();

/** Find the definition of `uri:attr.sub` for a resource type, case-insensitively. Without a URI the
 * core schema and common attributes are searched. Returns undefined for unknown attributes. */
export function findAttribute(
  type: ResourceTypeName,
  path: { uri?: string; attr: string; sub?: string },
): { schema: string; def: AttributeDef; sub?: AttributeDef } | undefined {
  const { core, extensions } = SCHEMAS_BY_TYPE[type];
  let schema: SchemaDef | undefined;
  let pool: AttributeDef[];
  if (path.uri) {
    schema = [core, ...extensions].find((s) => lower(s.id) === lower(path.uri!));
    if (!schema) return undefined;
    pool = schema === core ? [...core.attributes, ...commonAttributes] : schema.attributes;
  } else {
    schema = core;
    pool = [...core.attributes, ...commonAttributes];
  }
  const def = pool.find((a) => lower(a.name) === lower(path.attr));
  if (!def) return undefined;
  if (path.sub === undefined) return { schema: schema.id, def };
  const sub = def.subAttributes?.find((a) => lower(a.name) === lower(path.sub!));
  if (!sub) return undefined;
  return { schema: schema.id, def, sub };
}

/** Is comparison on this attribute case-sensitive? Unknown attributes compare case-insensitively. */
export function isCaseExact(type: ResourceTypeName, path: { uri?: string; attr: string; sub?: string }): boolean {
  const found = findAttribute(type, path);
  if (!found) return false;
  return (found.sub ?? found.def).caseExact;
}

/** The extension schemas a resource type supports, by lower-cased URN. */
export function extensionUris(type: ResourceTypeName): string[] {
  return SCHEMAS_BY_TYPE[type].extensions.map((s) => s.id);
}
