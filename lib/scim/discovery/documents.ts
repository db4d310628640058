// Discovery documents: ServiceProviderConfig, ResourceTypes and Schemas (RFC 7643 §5–§7), rendered from
// the same attribute table (schema.ts) that drives parsing and filtering, so what we advertise is what
// we accept. Entra reads /Schemas when an admin saves the provisioning configuration.
import { BULK_MAX_OPERATIONS, BULK_MAX_PAYLOAD_BYTES } from "../bulk";
import {
  commonAttributes,
  enterpriseUserSchema,
  groupSchema,
  userSchema,
  ENTERPRISE_USER_SCHEMA,
  GROUP_SCHEMA,
  USER_SCHEMA,
  type AttributeDef,
  type SchemaDef,
} from "../schema";
import { listResponse, MAX_PAGE_SIZE, type ListResponse } from "../list";

export const SERVICE_PROVIDER_CONFIG_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
export const RESOURCE_TYPE_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
export const SCHEMA_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

const DOCUMENTATION_URI = "https://datatracker.ietf.org/doc/html/rfc7644";

type Doc = Record<string, unknown>;

/** Where `baseUrl` is omitted, `meta.location` is left out rather than guessed. */
const location = (baseUrl: string | undefined, path: string) =>
  baseUrl === undefined ? {} : { location: `${baseUrl}${path}` };

// ---------------------------------------------------------------------------------------------------
// ServiceProviderConfig (RFC 7643 §5)

export function serviceProviderConfig(baseUrl: string, documentationUri: string = DOCUMENTATION_URI): Doc {
  return {
    schemas: [SERVICE_PROVIDER_CONFIG_SCHEMA],
    documentationUri,
    patch: { supported: true },
    bulk: { supported: true, maxOperations: BULK_MAX_OPERATIONS, maxPayloadSize: BULK_MAX_PAYLOAD_BYTES },
    filter: { supported: true, maxResults: MAX_PAGE_SIZE },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: "oauthbearertoken",
        name: "OAuth Bearer Token",
        description: "Authentication with a workspace SCIM token sent as an HTTP Bearer token.",
        primary: true,
      },
    ],
    meta: { resourceType: "ServiceProviderConfig", ...location(baseUrl, "/ServiceProviderConfig") },
  };
}

// ---------------------------------------------------------------------------------------------------
// ResourceTypes (RFC 7643 §6)

const RESOURCE_TYPES = [
  {
    id: "User",
    name: "User",
    endpoint: "/Users",
    description: "User Account",
    schema: USER_SCHEMA,
    schemaExtensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
  },
  {
    id: "Group",
    name: "Group",
    endpoint: "/Groups",
    description: "Group",
    schema: GROUP_SCHEMA,
    schemaExtensions: [],
  },
];

function renderResourceType(type: (typeof RESOURCE_TYPES)[number], baseUrl: string | undefined): Doc {
  return {
    schemas: [RESOURCE_TYPE_SCHEMA],
    ...type,
    meta: { resourceType: "ResourceType", ...location(baseUrl, `/ResourceTypes/${type.id}`) },
  };
}

/** User first: Microsoft's Postman collection asserts `Resources[0].endpoint == "/Users"`. */
export function resourceTypes(baseUrl: string): ListResponse<Doc> {
  const all = RESOURCE_TYPES.map((t) => renderResourceType(t, baseUrl));
  return listResponse(all, { totalResults: all.length, startIndex: 1 });
}

/** One resource type by id ("User" / "Group", any case); undefined when unknown. */
export function resourceTypeById(id: string, baseUrl?: string): Doc | undefined {
  const type = RESOURCE_TYPES.find((t) => t.id.toLowerCase() === id.toLowerCase());
  return type && renderResourceType(type, baseUrl);
}

// ---------------------------------------------------------------------------------------------------
// Schemas (RFC 7643 §7)

// RFC 7643 §3.1 keeps the common attributes (id, externalId, meta) out of schema definitions. We list
// externalId anyway in the core schemas: Entra maps it by default (mailNickname / objectId) and its
// schema-discoverability check requires every mapped attribute to appear in /Schemas. id and meta are
// server-owned and stay out, as the RFC says.
const externalIdDef = commonAttributes.find((a) => a.name === "externalId")!;

const SCHEMAS: SchemaDef[] = [
  { ...userSchema, attributes: [...userSchema.attributes, externalIdDef] },
  { ...groupSchema, attributes: [...groupSchema.attributes, externalIdDef] },
  enterpriseUserSchema,
];

/** RFC 7643 §7 attribute characteristics, in the RFC's order, omitting empty optional lists. */
function renderAttribute(def: AttributeDef): Doc {
  return {
    name: def.name,
    type: def.type,
    ...(def.subAttributes ? { subAttributes: def.subAttributes.map(renderAttribute) } : {}),
    multiValued: def.multiValued,
    description: def.description,
    required: def.required,
    ...(def.canonicalValues ? { canonicalValues: def.canonicalValues } : {}),
    caseExact: def.caseExact,
    mutability: def.mutability,
    returned: def.returned,
    uniqueness: def.uniqueness,
    ...(def.referenceTypes ? { referenceTypes: def.referenceTypes } : {}),
  };
}

function renderSchema(schema: SchemaDef, baseUrl: string | undefined): Doc {
  return {
    schemas: [SCHEMA_SCHEMA],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(renderAttribute),
    meta: { resourceType: "Schema", ...location(baseUrl, `/Schemas/${schema.id}`) },
  };
}

export function schemas(baseUrl: string): ListResponse<Doc> {
  const all = SCHEMAS.map((s) => renderSchema(s, baseUrl));
  return listResponse(all, { totalResults: all.length, startIndex: 1 });
}

/** One schema by URN (any case); undefined when unknown. */
export function schemaById(id: string, baseUrl?: string): Doc | undefined {
  const schema = SCHEMAS.find((s) => s.id.toLowerCase() === id.toLowerCase());
  return schema && renderSchema(schema, baseUrl);
}
