// PostgreSQL runs the SCIM statements as named prepared statements (lib/db/sql.ts). A migration that adds
// columns while servers run (a rolling deploy) must not break them: PostgreSQL refuses to run a prepared
// statement whose result type changed ("cached plan must not change result type"), which is what a
// `SELECT *` or `RETURNING *` would do after an ADD COLUMN.
import { afterAll, describe, expect, it } from "vitest";
import { database } from "@/lib/db/client";
import { patchOps } from "../support/scim-client";
import { newWorkspace } from "../support/workspace";
import { createGroup, createUser, q } from "../support/scim-resources";

describe.runIf(process.env.TEST_DB === "postgres")("prepared statements on PostgreSQL", () => {
  const sql = () => database().sql;
  afterAll(async () => {
    for (const table of ["Member", "Group"])
      await sql().run(`ALTER TABLE "${table}" DROP COLUMN IF EXISTS "addedLater"`);
  });

  it("keep working after a migration adds columns to the tables they read", async () => {
    const { api } = await newWorkspace();
    const [u, other] = [await createUser(api), await createUser(api)];
    const g = await createGroup(api, "Prepared", [u.id]);
    const round = async (i: number) => {
      const statuses = [
        (await api.get(`/Users/${u.id}`)).status,
        (await api.patch(`/Users/${u.id}`, patchOps({ op: "Replace", path: "title", value: `Title ${i}` }))).status,
        (await api.get(`/Users?filter=${q(`userName eq "${u.userName}"`)}`)).status,
        (await api.patch(`/Groups/${g.id}`, patchOps({ op: "Add", path: "members", value: [{ value: other.id }] })))
          .status,
        (await api.patch(`/Groups/${g.id}`, patchOps({ op: "Remove", path: "members", value: [{ value: other.id }] })))
          .status,
        (await api.get(`/Groups/${g.id}`)).status,
        (
          await api.post("/Users", {
            schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
            userName: `later.${i}.${Date.now()}@example.com`,
          })
        ).status,
      ];
      expect(statuses, `round ${i}`).toEqual([200, 200, 200, 204, 204, 200, 201]);
    };
    // Enough rounds that every statement is prepared on the connections the pool hands out.
    for (let i = 0; i < 12; i++) await round(i);
    for (const table of ["Member", "Group"]) await sql().run(`ALTER TABLE "${table}" ADD COLUMN "addedLater" text`);
    for (let i = 12; i < 24; i++) await round(i);
    expect((await api.get(`/Users/${u.id}`)).body.title).toBe("Title 23");
  });
});
