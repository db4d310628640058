// Issue 13, item 8: small leaks and edges.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { proxy } from "@/proxy";
import { createDatabase } from "@/lib/db/client";
import {
  addDomainAction,
  removeDomainAction,
  renewDomainAction,
  verifyDomainAction,
} from "@/app/w/[slug]/settings/domains/actions";
import {
  removeSsoAction,
  resetLinksAction,
  saveOidcAction,
  saveOptionsAction,
  saveSamlAction,
  testSsoAction,
} from "@/app/w/[slug]/settings/sso/actions";
import { GROUP, USER, patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createUser, expectScimError } from "../support/scim-resources";
import { log } from "@/lib/log";

describe("SCIM responses", () => {
  it("are never cached: Cache-Control no-store on results, errors, 204s and discovery", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api);
    const responses = [
      await api.get("/Users"),
      await api.get(`/Users/${u.id}`),
      await api.get("/Users/nope"),
      await api.get("/ServiceProviderConfig"),
      await api.delete(`/Users/${u.id}`),
    ];
    for (const r of responses) expect(r.headers.get("cache-control"), `${r.status} ${r.text}`).toBe("no-store");
  });

  it("a body that is not valid UTF-8 is 400 invalidSyntax, not silently replaced", async () => {
    const { api } = await newWorkspace();
    const bytes = new Uint8Array([
      ...new TextEncoder().encode(`{"schemas":["${USER}"],"userName":"bad`),
      0xff,
      0xfe,
      ...new TextEncoder().encode(`@example.com"}`),
    ]);
    const res = await api.post("/Users", undefined, {
      rawBody: bytes,
      headers: { "Content-Type": "application/scim+json" },
    });
    expectScimError(res, 400, "invalidSyntax");
    expect(res.body.detail).toMatch(/UTF-8/);
  });

  it("a refused create with a non-text externalId is still logged (the log write never throws on it)", async () => {
    const { api, db, workspace } = await newWorkspace();
    await createUser(api, { userName: "taken@example.com" });
    const errors = vi.spyOn(console, "error");
    const logged = vi.spyOn(log, "error"); // the server's log (lib/log.ts); request loggers share its methods
    try {
      for (const externalId of [0, 42]) {
        expectScimError(
          await api.post("/Users", { schemas: [USER], userName: "taken@example.com", externalId }),
          409,
          "uniqueness",
        );
      }
      expect(errors.mock.calls.filter((c) => /provisioning log/.test(String(c[0])))).toEqual([]);
      expect(logged.mock.calls.filter((c) => /provisioning log/.test(c.map(String).join(" ")))).toEqual([]);
    } finally {
      errors.mockRestore();
      logged.mockRestore();
    }
    expect(await db.provisioningEvent.count({ where: { workspaceId: workspace.id, status: 409 } })).toBe(2);
  });

  it("a group body whose members is not an array is 400 invalidValue", async () => {
    const { api } = await newWorkspace();
    for (const members of ["notarray", { value: "x" }, 42]) {
      const res = await api.post("/Groups", { schemas: [GROUP], displayName: `G ${JSON.stringify(members)}`, members });
      expectScimError(res, 400, "invalidValue");
    }
  });

  it("userName with zero-width or control characters is refused (look-alikes of another userName)", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { userName: "alice@example.com" });
    for (const userName of [
      "al\u200Bice@example.com",
      "alice@example.com\u200D",
      "\uFEFFalice@example.com",
      "alice\u0007@example.com",
      "ali\u202Ece@example.com",
    ]) {
      expectScimError(await api.post("/Users", { schemas: [USER], userName }), 400, "invalidValue");
      expectScimError(
        await api.patch(`/Users/${u.id}`, patchOps({ op: "replace", path: "userName", value: userName })),
        400,
        "invalidValue",
      );
      expectScimError(
        await api.patch(`/Users/${u.id}`, patchOps({ op: "replace", value: { userName } })),
        400,
        "invalidValue",
      );
    }
  });
});

describe("look-alike names compare in Unicode NFC", () => {
  const composed = "jos\u00E9@example.com"; // é as one code point
  const decomposed = "jose\u0301@example.com"; // e + combining acute accent: renders the same

  it("a userName in the other normalisation form is the same userName: 409, found by filter, stored as sent", async () => {
    const { api } = await newWorkspace();
    const u = await createUser(api, { userName: decomposed });
    expectScimError(await api.post("/Users", { schemas: [USER], userName: composed.toUpperCase() }), 409, "uniqueness");
    const found = await api.get(`/Users?filter=${encodeURIComponent(`userName eq "${composed}"`)}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([u.id]);
    const got = await api.get(`/Users/${u.id}`);
    expect(got.body.userName).toBe(decomposed);
    // and a rename onto another member's name in the other form collides too
    const other = await createUser(api, { userName: "someone@example.com" });
    expectScimError(
      await api.patch(`/Users/${other.id}`, patchOps({ op: "replace", path: "userName", value: composed })),
      409,
      "uniqueness",
    );
  });

  it("a group displayName in the other normalisation form is the same group", async () => {
    const { api } = await newWorkspace();
    const g = await api.post("/Groups", { schemas: [GROUP], displayName: "Caf\u00E9 team" });
    expect(g.status).toBe(201);
    expectScimError(await api.post("/Groups", { schemas: [GROUP], displayName: "Cafe\u0301 Team" }), 409, "uniqueness");
    const found = await api.get(`/Groups?filter=${encodeURIComponent('displayName eq "cafe\u0301 team"')}`);
    expect(found.body.Resources.map((r: { id: string }) => r.id)).toEqual([g.body.id]);
  });
});

describe("proxy", () => {
  const call = (url: string, method = "GET") => proxy(new NextRequest(url, { method }));

  it("answers a NUL character in a path with 400 before any route (or the database) sees it", async () => {
    for (const p of ["/w/%00/members", "/w/acme%00/settings", "/invite/%00"]) {
      const res = call(`http://localhost:3000${p}`);
      expect(res.status, p).toBe(400);
    }
  });
});

describe("server actions check their bound arguments", () => {
  it("a non-string slug or id is refused before anything else runs", async () => {
    const bad = { not: "x" } as unknown as string;
    const form = new FormData();
    const refused = { errors: { form: "Invalid request." } };
    expect(await removeSsoAction(bad, {})).toEqual(refused);
    expect(await resetLinksAction(bad, {})).toEqual(refused);
    expect(await saveSamlAction(bad, {}, form)).toEqual(refused);
    expect(await saveOidcAction(bad, {}, form)).toEqual(refused);
    expect(await saveOptionsAction(bad, {}, form)).toEqual(refused);
    expect(await addDomainAction(bad, {}, form)).toEqual(refused);
    expect(await verifyDomainAction("acme", bad, {})).toEqual(refused);
    expect(await renewDomainAction(bad, "id", {})).toEqual(refused);
    expect(await removeDomainAction("acme", bad, {})).toEqual(refused);
    await expect(testSsoAction(bad)).rejects.toThrow(/Invalid request/);
  });
});

describe("SQLite files", () => {
  it("are created private: the directory 0700, the database and its journal files 0600", async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "perm-")), "data");
    const file = path.join(dir, "app.db");
    const db = createDatabase(`file:${file}`);
    try {
      await db.ready;
      await db.db.$executeRawUnsafe("CREATE TABLE IF NOT EXISTS t (x)");
      expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
      for (const f of fs.readdirSync(dir)) expect(fs.statSync(path.join(dir, f)).mode & 0o777, f).toBe(0o600);
      expect(fs.existsSync(file)).toBe(true);
    } finally {
      await db.db.$disconnect();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
