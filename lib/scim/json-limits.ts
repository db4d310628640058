// Request bodies come from the network: bound their nesting before any recursive code walks them.
// Real SCIM bodies nest 4–5 levels (PatchOp → Operations → value → emails → element).
import { hasUnstorableText } from "@/lib/storable-text";
import { badRequest } from "./errors";

export const MAX_JSON_DEPTH = 32;

/** Throws a 400 invalidSyntax when `value` nests deeper than MAX_JSON_DEPTH. Iterative, so the check
 * itself cannot overflow the stack. */
export function assertJsonDepth(value: unknown, max = MAX_JSON_DEPTH): void {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > max) throw badRequest("invalidSyntax", `The request body nests deeper than ${max} levels`);
    for (const child of Object.values(v as object)) stack.push([child, depth + 1]);
  }
}

/** Throws a 400 invalidValue when any string in `value` (object keys included) holds U+0000 or an unpaired
 * surrogate (lib/storable-text.ts): no identity provider sends them and PostgreSQL cannot store them. Iterative,
 * like assertJsonDepth. */
export function assertStorableText(value: unknown): void {
  const stack: unknown[] = [value];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === "string") {
      if (hasUnstorableText(v))
        throw badRequest(
          "invalidValue",
          "The request body contains a NUL character (\\u0000) or an unpaired UTF-16 surrogate; no attribute can hold one",
        );
      continue;
    }
    if (v === null || typeof v !== "object") continue;
    for (const [k, child] of Object.entries(v as object)) {
      if (!Array.isArray(v)) stack.push(k);
      stack.push(child);
    }
  }
}

/** Longest value (UTF-16 units, so at most ~1.5 KB of UTF-8) of an attribute stored in an indexed column:
 * userName, externalId and the work email of users, displayName and externalId of groups. PostgreSQL
 * refuses index entries above ~2.7 KB; real values are far shorter (an email is at most 254 characters). */
export const MAX_INDEXED_LENGTH = 512;

/** Throws a 400 invalidValue when an indexed attribute's value is longer than MAX_INDEXED_LENGTH. */
export function assertIndexable(attribute: string, value: string | null | undefined): void {
  if (value != null && value.length > MAX_INDEXED_LENGTH) {
    throw badRequest(
      "invalidValue",
      `${attribute} is ${value.length} characters long; at most ${MAX_INDEXED_LENGTH} are allowed`,
    );
  }
}
