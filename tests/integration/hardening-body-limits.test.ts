// Issue 13, item 6: unauthenticated endpoints read whole bodies before any check (4.9 MB parsed at
// /api/sso/start). Every route now stops reading at its limit and answers 413; the tests count how much
// of a 5 MB body the route pulled from the stream.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { POST as ssoStart } from "@/app/api/sso/start/route";
import { POST as acsPost } from "@/app/api/sso/saml/[workspaceId]/acs/route";
import { POST as authPost } from "@/app/api/auth/[...nextauth]/route";
import { startSamlIdp } from "../support/saml-idp";
import { connectSaml, ssoWorkspace } from "../support/sso";

const CHUNK = 64 * 1024;
const TOTAL = 5 * 1024 * 1024;

/** A form-encoded body of TOTAL bytes, streamed in chunks; `pulled()` says how many bytes were read. */
function bigBody(prefix: string) {
  let sent = 0;
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (sent >= TOTAL) return controller.close();
        const chunk =
          sent === 0 ? enc.encode(prefix + "a".repeat(CHUNK - prefix.length)) : enc.encode("a".repeat(CHUNK));
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, pulled: () => sent };
}

function post(url: string, body: ReadableStream<Uint8Array>) {
  return new Request(url, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body,
    duplex: "half",
  } as RequestInit);
}

describe("request bodies are limited before they are parsed", () => {
  it("/api/sso/start stops reading a 5 MB form at 16 KB and answers 413", async () => {
    const b = bigBody("email=");
    const res = await ssoStart(post("http://localhost:3000/api/sso/start", b.stream));
    expect(res.status).toBe(413);
    expect(b.pulled()).toBeLessThanOrEqual(16 * 1024 + 2 * CHUNK);
  });

  it("the SAML ACS stops reading at 2 MB and answers 413", async () => {
    const idp = await startSamlIdp();
    try {
      const s = await ssoWorkspace();
      await connectSaml(s.workspace.id, idp);
      const b = bigBody("SAMLResponse=");
      const res = await acsPost(post(`http://localhost:3000/api/sso/saml/${s.workspace.id}/acs`, b.stream), {
        params: Promise.resolve({ workspaceId: s.workspace.id }),
      });
      expect(res.status).toBe(413);
      expect(b.pulled()).toBeLessThanOrEqual(2 * 1024 * 1024 + 2 * CHUNK);
    } finally {
      await idp.close();
    }
  });

  it("next-auth's endpoints stop reading at 64 KB and answer 413", async () => {
    const b = bigBody("csrfToken=");
    const res = await authPost(new NextRequest(post("http://localhost:3000/api/auth/callback/credentials", b.stream)), {
      params: Promise.resolve({ nextauth: ["callback", "credentials"] }),
    });
    expect(res.status).toBe(413);
    expect(b.pulled()).toBeLessThanOrEqual(64 * 1024 + 2 * CHUNK);
  });

  it("a declared Content-Length over the limit is refused without reading", async () => {
    const b = bigBody("email=");
    const req = new Request("http://localhost:3000/api/sso/start", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(TOTAL) },
      body: b.stream,
      duplex: "half",
    } as RequestInit);
    const res = await ssoStart(req);
    expect(res.status).toBe(413);
    expect(b.pulled()).toBeLessThanOrEqual(CHUNK);
  });
});
