// Which attributes a user write carried, as names without values ("userName", "name.givenName",
// "active", "department"), for the provisioning log: the connection doctor reads them to tell which
// mappings the identity provider sends. Pure.

const SKIP = new Set(["schemas", "meta", "id"]);
const MAX = 40;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Top-level names, one level deeper for complex attributes (name.givenName) and extension schemas (whose
 * sub-attributes are named alone, like changed-paths.ts). */
function docPaths(doc: Record<string, unknown>, out: Set<string>) {
  for (const [key, value] of Object.entries(doc)) {
    if (SKIP.has(key)) continue;
    if (key.toLowerCase().startsWith("urn:") && isObject(value)) {
      for (const sub of Object.keys(value)) out.add(sub);
    } else if (isObject(value) && key !== "manager") {
      for (const sub of Object.keys(value)) out.add(`${key}.${sub}`);
    } else {
      out.add(key);
    }
  }
}

/** A PATCH path as an attribute name: `emails[type eq "work"].value` → emails, the enterprise extension's
 * `urn:…:User:department` → department. */
function patchPath(path: string): string {
  const bare = path.replace(/\[.*?\]/g, "");
  const urn = /^urn:[^ ]*:User:(.+)$/i.exec(bare);
  const name = urn ? urn[1] : bare;
  const [top, sub] = name.split(".");
  if (urn) return top;
  return sub && top !== "emails" && top !== "phoneNumbers" && top !== "addresses" ? `${top}.${sub}` : top;
}

/** Names sent by a POST/PUT body or a PATCH request (PatchOp with Operations), sorted, at most 40. */
export function sentAttributes(body: unknown): string[] {
  const out = new Set<string>();
  if (!isObject(body)) return [];
  const ops = body.Operations ?? body.operations;
  if (Array.isArray(ops)) {
    for (const op of ops) {
      if (!isObject(op)) continue;
      if (typeof op.path === "string" && op.path) out.add(patchPath(op.path));
      else if (isObject(op.value)) docPaths(op.value, out);
    }
  } else {
    docPaths(body, out);
  }
  return [...out].sort().slice(0, MAX);
}
