// Request bodies come from the network: bound their nesting before any recursive code walks them.
// Real SCIM bodies nest 4–5 levels (PatchOp → Operations → value → emails → element).
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
