// Issue 13, item 1: one filter must not be able to stall the server. SQLite runs on the event loop, so a
// filter that makes it parse every member's stored JSON many times over blocks every other request
// (155 × `emails[value co "qN"]` joined by `or`: 1.87 s with 5.7 k users). Filters are bounded in the
// number of terms and in the terms that scan stored JSON; both are refused with 400 invalidFilter that
// names the limit. Everything Entra and Okta send keeps working.
import { describe, expect, it } from "vitest";
import { MAX_FILTER_JSON_SCANS, MAX_FILTER_TERMS } from "@/lib/scim/filter/parse";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, expectList, expectScimError, q } from "../support/scim-resources";

const orJoin = (n: number, term: (i: number) => string) => Array.from({ length: n }, (_, i) => term(i)).join(" or ");

describe("filter cost limits", () => {
  it("refuses the reported 155 × emails[value co] filter (4,071 characters) with 400 invalidFilter naming the limit", async () => {
    const { api } = await newWorkspace();
    const filter = orJoin(155, (i) => `emails[value co "q${i}"]`);
    expect(filter.length).toBeLessThanOrEqual(4096);
    const res = await api.get(`/Users?filter=${q(filter)}`);
    expectScimError(res, 400, "invalidFilter");
    expect(res.body.detail).toMatch(new RegExp(`limit is ${MAX_FILTER_TERMS}\\b`));
  });

  it("caps the number of terms", async () => {
    const { api } = await newWorkspace();
    const over = await api.get(
      `/Users?filter=${q(orJoin(MAX_FILTER_TERMS + 1, (i) => `userName eq "u${i}@example.com"`))}`,
    );
    expectScimError(over, 400, "invalidFilter");
    expect(over.body.detail).toContain(`${MAX_FILTER_TERMS + 1} terms`);
    expect(over.body.detail).toContain(`limit is ${MAX_FILTER_TERMS}`);
    // at the limit it runs
    expectList(
      await api.get(`/Users?filter=${q(orJoin(MAX_FILTER_TERMS, (i) => `userName eq "u${i}@example.com"`))}`),
      0,
      0,
    );
  });

  it("caps the terms that scan stored JSON (multi-valued and extension attributes), whatever the operator", async () => {
    const { api } = await newWorkspace();
    for (const term of [
      (i: number) => `emails[value co "q${i}"]`,
      (i: number) => `emails.value ew "q${i}"`,
      (i: number) => `phoneNumbers.value eq "${i}"`,
      (i: number) => `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department co "d${i}"`,
    ]) {
      const over = await api.get(`/Users?filter=${q(orJoin(MAX_FILTER_JSON_SCANS + 1, term))}`);
      expectScimError(over, 400, "invalidFilter");
      expect(over.body.detail).toContain(`limit is ${MAX_FILTER_JSON_SCANS}`);
      expectList(await api.get(`/Users?filter=${q(orJoin(MAX_FILTER_JSON_SCANS, term))}`), 0, 0);
    }
    // `not` and parentheses do not hide a term
    const nested = `not (${orJoin(MAX_FILTER_JSON_SCANS + 1, (i) => `(emails[value co "q${i}"])`)})`;
    expectScimError(await api.get(`/Users?filter=${q(nested)}`), 400, "invalidFilter");
  });

  it("everything Entra and Okta send keeps working", async () => {
    const { api } = await newWorkspace();
    const manager = await createUser(api);
    const u = await createUser(api, {
      userName: "jdoe@example.com",
      externalId: "ext-jdoe",
      displayName: "J Doe",
      emails: [{ type: "work", value: "jdoe@example.com", primary: true }],
      "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: { value: manager.id } },
    });
    const g = await createGroup(api, "Engineering", [u.id]);
    const one = async (path: string) => {
      const res = await api.get(path);
      expectList(res, 1);
      return res.body.Resources[0].id as string;
    };
    expect(await one(`/Users?filter=${q('userName eq "jdoe@example.com"')}`)).toBe(u.id);
    expect(await one(`/Users?filter=${q('externalId eq "ext-jdoe"')}`)).toBe(u.id);
    expect(await one(`/Users?filter=${q('emails[type eq "work"].value eq "jdoe@example.com"')}`)).toBe(u.id);
    expect(await one(`/Users?filter=${q(`id eq "${u.id}" and manager eq "${manager.id}"`)}`)).toBe(u.id);
    expect(await one(`/Users?filter=${q('userName eq "jdoe@example.com" and active eq true')}`)).toBe(u.id);
    expect(await one(`/Groups?filter=${q('displayName eq "Engineering"')}`)).toBe(g.id);
    expect(
      await one(`/Groups?filter=${q(`id eq "${g.id}" and members[value eq "${u.id}"]`)}&excludedAttributes=members`),
    ).toBe(g.id);
    expect(await one(`/Users?filter=${q('emails[type eq "work" and value co "jdoe"]')}`)).toBe(u.id);
  });
});

describe("PostgreSQL", () => {
  it.runIf(process.env.TEST_DB === "postgres")(
    "cancels a statement on the server after DATABASE_QUERY_TIMEOUT_MS (statement_timeout), not only in the client",
    async () => {
      const { db } = await newWorkspace();
      const rows = await db.$queryRawUnsafe<{ statement_timeout: string }[]>("SHOW statement_timeout");
      expect(rows[0].statement_timeout).toBe("15s");
    },
  );
});
