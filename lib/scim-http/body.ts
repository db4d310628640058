// Request bodies are parsed as JSON whatever their Content-Type (Entra sends application/scim+json,
// Postman application/json, some clients text/plain), with a hard size limit.
import { ScimError, badRequest } from "@/lib/scim/errors";
import { assertStorableText } from "@/lib/scim/json-limits";
import { BodyTooLarge, readBodyLimited } from "../http/body-limit";

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readJsonBody(req: Request): Promise<unknown> {
  const buf = await readBodyLimited(req, MAX_BODY_BYTES).catch((e: unknown) => {
    throw e instanceof BodyTooLarge ? tooLarge() : e;
  });
  return parseJsonText(buf);
}

/** UTF-8 bytes → JSON, with the same 400s as a request body (used by /Bulk, which has its own size limit). */
export function parseJsonText(buf: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
  } catch {
    // Replacing the bytes with U+FFFD would store something the client never sent.
    throw badRequest("invalidSyntax", "The request body is not valid UTF-8");
  }
  if (text.trim() === "") throw badRequest("invalidSyntax", "The request body is empty; send a JSON object");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (e) {
    throw badRequest("invalidSyntax", `The request body is not valid JSON: ${(e as Error).message}`);
  }
  assertStorableText(body);
  return body;
}

function tooLarge() {
  return new ScimError(413, `The request body is larger than ${MAX_BODY_BYTES} bytes`);
}
