// The stored shape of a manually added member: the same columns and SCIM document a provisioned member
// has, so every page and the SCIM API read manual and SCIM members the same way.
import { foldCase } from "@/lib/scim/fold";

/** "Ada King Lovelace" → given "Ada", family "King Lovelace"; a single word is only a formatted name. */
export function nameParts(fullName: string | null | undefined) {
  const formatted = fullName?.trim();
  if (!formatted) return undefined;
  const space = formatted.indexOf(" ");
  if (space < 0) return { formatted };
  return { formatted, givenName: formatted.slice(0, space), familyName: formatted.slice(space + 1).trim() };
}

export function manualMemberData(email: string, name?: string | null) {
  const parts = nameParts(name);
  const doc: Record<string, unknown> = {
    userName: email,
    ...(parts ? { name: parts, displayName: parts.formatted } : {}),
    emails: [{ value: email, type: "work", primary: true }],
    active: true,
  };
  return {
    userName: email,
    userNameLower: foldCase(email),
    displayName: parts?.formatted ?? null,
    givenName: parts?.givenName ?? null,
    familyName: parts?.familyName ?? null,
    email,
    emailLower: foldCase(email),
    active: true,
    status: "active",
    source: "manual",
    attributes: JSON.stringify(doc),
  };
}
