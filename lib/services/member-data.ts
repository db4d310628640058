// The stored shape of a manually added member: the same columns and SCIM document a provisioned member
// has, so every page and the SCIM API read manual and SCIM members the same way.
import { USER_SCHEMA } from "@/lib/scim/schema";

export function manualMemberData(email: string, name?: string | null) {
  const doc: Record<string, unknown> = {
    userName: email,
    ...(name ? { displayName: name } : {}),
    emails: [{ value: email, type: "work", primary: true }],
    active: true,
  };
  return {
    userName: email,
    userNameLower: email.toLowerCase(),
    displayName: name ?? null,
    email,
    emailLower: email.toLowerCase(),
    active: true,
    status: "active",
    source: "manual",
    attributes: JSON.stringify(doc),
  };
}

export { USER_SCHEMA };
