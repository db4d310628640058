// A PUT body may repeat the resource's `id` (Okta and Microsoft's Postman collection send it), but it
// cannot change it: `id` is assigned by the server and never changes (RFC 7643 §3.1), so a different
// value is refused with 400 `mutability` instead of being silently dropped. `meta` and a user's
// `groups` are readOnly and ignored in a PUT, as RFC 7644 §3.5.1 says.
import { badRequest } from "./errors";
import { getIgnoreCase, isObject } from "./coerce";
import { GROUP_SCHEMA, USER_SCHEMA } from "./schema";

export function assertIdUnchanged(body: unknown, id: string) {
  if (!isObject(body)) return;
  const core = getIgnoreCase(body, USER_SCHEMA) ?? getIgnoreCase(body, GROUP_SCHEMA);
  for (const sent of [getIgnoreCase(body, "id"), isObject(core) ? getIgnoreCase(core, "id") : undefined]) {
    if (sent !== undefined && sent !== null && sent !== id) {
      throw badRequest("mutability", `id is assigned by the server and cannot be changed (the resource's id is ${id})`);
    }
  }
}
