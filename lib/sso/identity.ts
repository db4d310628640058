// What an identity provider asserted about a person, read the same way for SAML attributes and OIDC
// claims. Entra sends claim URIs, Okta and most others short names; both are accepted.
import { isEmailAddress } from "@/lib/identity/email-domain";

export interface AssertedIdentity {
  protocol: "saml" | "oidc";
  /** SAML NameID or OIDC `sub` */
  subject: string;
  nameIdFormat?: string | null;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  displayName: string | null;
  /** everything that was sent, for "Test SSO" */
  attributes: Record<string, string | string[]>;
}

const CLAIMS = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/";
const EMAIL = [
  "email",
  "mail",
  "emailaddress",
  "emailAddress",
  `${CLAIMS}emailaddress`,
  "urn:oid:0.9.2342.19200300.100.1.3",
  "user.email",
  "User.Email",
];
const FIRST = [
  "firstName",
  "givenName",
  "given_name",
  "firstname",
  "givenname",
  `${CLAIMS}givenname`,
  "urn:oid:2.5.4.42",
  "User.FirstName",
];
const LAST = [
  "lastName",
  "surname",
  "sn",
  "family_name",
  "lastname",
  `${CLAIMS}surname`,
  "urn:oid:2.5.4.4",
  "User.LastName",
];
const NAME = ["displayName", "name", "http://schemas.microsoft.com/identity/claims/displayname", `${CLAIMS}name`];

function first(attrs: Record<string, unknown>, names: string[]): string | null {
  for (const n of names) {
    const v = attrs[n];
    const s = Array.isArray(v) ? v.find((x) => typeof x === "string") : v;
    if (typeof s === "string" && s.trim()) return s.trim();
  }
  return null;
}

export function identityFromAttributes(
  protocol: "saml" | "oidc",
  subject: string,
  attributes: Record<string, string | string[]>,
  nameIdFormat?: string | null,
): AssertedIdentity {
  let email = first(attributes, EMAIL);
  // Entra app registrations put the UPN in preferred_username when the optional email claim is off.
  if (!email && protocol === "oidc") email = first(attributes, ["preferred_username", "upn"]);
  return {
    protocol,
    subject,
    nameIdFormat: nameIdFormat ?? null,
    email: isEmailAddress(email) ? email : null,
    firstName: first(attributes, FIRST),
    lastName: first(attributes, LAST),
    displayName: first(attributes, NAME),
    attributes,
  };
}
