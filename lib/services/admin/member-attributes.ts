// Reads a member's stored SCIM document (Member.attributes) into labelled rows for the detail page.
// Pure. Values are shown as sent by the identity provider; anything unrecognised is kept as JSON.
import { ENTERPRISE_USER_SCHEMA } from "@/lib/scim/schema";

export interface LabelledValue {
  label: string;
  value: string;
}

export interface MultiValue {
  value: string;
  type: string | null;
  primary: boolean;
}

export interface AttributeView {
  core: LabelledValue[];
  emails: MultiValue[];
  phoneNumbers: MultiValue[];
  addresses: { type: string | null; primary: boolean; lines: string[] }[];
  enterprise: LabelledValue[];
  /** the manager id as sent (may point to no member of this workspace) */
  managerId: string | null;
  /** other attributes and extensions, as pretty-printed JSON */
  other: { key: string; json: string }[];
}

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const text = (v: unknown): string | null =>
  typeof v === "string" ? (v.trim() ? v : null) : typeof v === "number" || typeof v === "boolean" ? String(v) : null;

const CORE: [string, string][] = [
  ["userName", "User name"],
  ["externalId", "External ID"],
  ["displayName", "Display name"],
  ["nickName", "Nickname"],
  ["title", "Job title"],
  ["userType", "User type"],
  ["preferredLanguage", "Preferred language"],
  ["locale", "Locale"],
  ["timezone", "Time zone"],
  ["profileUrl", "Profile URL"],
];

const NAME: [string, string][] = [
  ["formatted", "Full name"],
  ["honorificPrefix", "Prefix"],
  ["givenName", "Given name"],
  ["middleName", "Middle name"],
  ["familyName", "Family name"],
  ["honorificSuffix", "Suffix"],
];

const ENTERPRISE: [string, string][] = [
  ["employeeNumber", "Employee number"],
  ["costCenter", "Cost center"],
  ["organization", "Organization"],
  ["division", "Division"],
  ["department", "Department"],
];

const HANDLED = new Set([
  "userName",
  "externalId",
  "displayName",
  "nickName",
  "title",
  "userType",
  "preferredLanguage",
  "locale",
  "timezone",
  "profileUrl",
  "name",
  "emails",
  "phoneNumbers",
  "addresses",
  "active",
  "schemas",
  "id",
  "meta",
]);

export function parseAttributes(jsonText: string): AttributeView {
  let doc: Json = {};
  try {
    const parsed: unknown = JSON.parse(jsonText);
    if (isObj(parsed)) doc = parsed;
  } catch {
    // a corrupt document shows as empty rather than breaking the page
  }
  const core: LabelledValue[] = [];
  for (const [key, label] of CORE) pushText(core, label, doc[key]);
  const name = isObj(doc.name) ? doc.name : {};
  for (const [key, label] of NAME) pushText(core, label, name[key]);

  const entKey = Object.keys(doc).find((k) => k.toLowerCase() === ENTERPRISE_USER_SCHEMA.toLowerCase());
  const ent = entKey && isObj(doc[entKey]) ? (doc[entKey] as Json) : {};
  const enterprise: LabelledValue[] = [];
  for (const [key, label] of ENTERPRISE) pushText(enterprise, label, ent[key]);
  const manager = ent.manager;
  const managerId = isObj(manager) ? text(manager.value) : text(manager);

  const other = Object.keys(doc)
    .filter((k) => !HANDLED.has(k) && k !== entKey)
    .map((key) => ({ key, json: JSON.stringify(doc[key], null, 2) }));

  return {
    core,
    emails: multiValues(doc.emails),
    phoneNumbers: multiValues(doc.phoneNumbers),
    addresses: addresses(doc.addresses),
    enterprise,
    managerId,
    other,
  };
}

function pushText(out: LabelledValue[], label: string, raw: unknown) {
  const value = text(raw);
  if (value !== null) out.push({ label, value });
}

function multiValues(raw: unknown): MultiValue[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).flatMap((e) => {
    const value = text(e.value);
    return value === null ? [] : [{ value, type: text(e.type), primary: e.primary === true }];
  });
}

function addresses(raw: unknown) {
  if (!Array.isArray(raw)) return [];
  return raw.filter(isObj).map((a) => {
    const formatted = text(a.formatted);
    const cityLine = [text(a.postalCode), text(a.locality), text(a.region)].filter(Boolean).join(" ");
    const lines = formatted
      ? formatted.split(/\r?\n/)
      : [text(a.streetAddress), cityLine || null, text(a.country)].filter((l): l is string => !!l);
    return { type: text(a.type), primary: a.primary === true, lines };
  });
}
