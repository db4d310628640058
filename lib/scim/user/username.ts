// userName is how members are matched (by Entra, Okta and SSO) and shown; invisible characters make
// look-alikes of another member's userName ("al\u200Bice@…" next to "alice@…"). Control characters,
// format characters (zero-width space/joiners, bidi overrides, BOM, soft hyphen) and line/paragraph
// separators are refused. The value is otherwise stored as sent.
import type { PatchOperation } from "../patch/types";
import { badRequest } from "../errors";

const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

export function assertVisibleUserName(userName: unknown) {
  if (typeof userName !== "string") return;
  const m = INVISIBLE.exec(userName);
  if (m) {
    const code = m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
    throw badRequest(
      "invalidValue",
      `userName must not contain control or invisible characters (U+${code} at position ${m.index + 1})`,
    );
  }
}

/** The same check on what a PATCH would set userName to (`path: "userName"` or a value object). */
export function assertVisibleUserNameInPatch(ops: PatchOperation[]) {
  for (const op of ops) {
    if (op.op === "remove") continue;
    if (op.path) {
      if (op.path.attr.toLowerCase() === "username" && op.path.sub === undefined) assertVisibleUserName(op.value);
      continue;
    }
    if (op.value && typeof op.value === "object" && !Array.isArray(op.value)) {
      for (const [k, v] of Object.entries(op.value)) if (k.toLowerCase() === "username") assertVisibleUserName(v);
    }
  }
}
