// CSV export of the provisioning log, through the real route handler (app/w/[slug]/log/export/route.ts)
// against the real database, beyond one row: more rows than one streamed chunk (500) and than one keyset
// page (1,000), with 1,200 events sharing one timestamp across a page boundary (the id tie-break), every
// column, RFC 4180 escaping, the spreadsheet-formula guard, a filter, and the workspace boundary. Only
// the session next-auth would read from the cookie is stubbed.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { signInAs } from "../support/session-mock";

vi.mock("next-auth", async (original) => (await import("../support/session-mock")).nextAuthStub(original));

import { GET as exportCsv } from "@/app/w/[slug]/log/export/route";
import type { Db } from "@/lib/db/client";
import { newWorkspace, uid } from "../support/workspace";

const HEADER = [
  "time",
  "method",
  "endpoint",
  "query",
  "resource_type",
  "resource_id",
  "external_id",
  "user_name",
  "group_name",
  "status",
  "outcome",
  "scim_type",
  "detail",
  "duration_ms",
  "token",
  "event_id",
];

/** RFC 4180: fields separated by commas, rows by CRLF, quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += c;
  }
  if (field !== "" || row.length) throw new Error(`CSV does not end with CRLF: ${JSON.stringify(text.slice(-80))}`);
  return rows;
}

type Ws = Awaited<ReturnType<typeof newWorkspace>>;

async function download(ws: Ws, query = "") {
  const res = await exportCsv(new Request(`http://localhost:3000/w/${ws.workspace.slug}/log/export${query}`), {
    params: Promise.resolve({ slug: ws.workspace.slug }),
  });
  return res;
}

/** The body's text after checking it starts with a UTF-8 byte-order mark (Excel needs it); the BOM is dropped. */
async function csvText(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder().decode(bytes.subarray(3));
}

type EventRow = {
  workspaceId: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
  createdAt: Date;
} & Record<string, unknown>;

async function insert(db: Db, rows: EventRow[]) {
  for (let i = 0; i < rows.length; i += 250) await db.provisioningEvent.createMany({ data: rows.slice(i, i + 250) });
}

const TIE = new Date("2031-05-05T05:05:05.005Z");
const TRICKY = {
  path: "/scim/v2/Users/a,b",
  query: 'filter=userName eq "x,y"',
  userName: '=HYPERLINK("http://evil.test","click")',
  displayName: 'Line one\r\nline "two", and three',
  externalId: "+1-555",
  detail: "-2+3 is a formula too",
  tokenLabel: "@SUM(A1:A9)",
  scimType: "\tinvalidValue",
  resourceType: "Zoë, Groupe",
};

describe("provisioning log CSV export", () => {
  let a: Ws;
  let b: Ws;
  let trickyId = "";
  const failures = 620;
  const total = 2345;

  beforeAll(async () => {
    a = await newWorkspace();
    b = await newWorkspace();
    const rows = [];
    for (let i = 0; i < total - 1; i++) {
      // 1,200 events at exactly one instant (more than a keyset page), the rest one second apart
      const createdAt = i < 1200 ? TIE : new Date(TIE.getTime() - (i - 1199) * 1000);
      const failed = i % 3 === 0 && i < failures * 3;
      rows.push({
        workspaceId: a.workspace.id,
        method: ["GET", "POST", "PATCH"][i % 3],
        path: `/scim/v2/Users/n${i}`,
        status: failed ? 400 : 200,
        scimType: failed ? "invalidValue" : null,
        detail: failed ? `bad value ${i}` : null,
        durationMs: i % 50,
        createdAt,
        tokenLabel: "Entra ID",
      });
    }
    await insert(a.db, rows);
    const tricky = await a.db.provisioningEvent.create({
      data: {
        workspaceId: a.workspace.id,
        method: "PUT",
        status: 409,
        durationMs: 7,
        createdAt: new Date(TIE.getTime() + 1),
        resourceId: uid("r"),
        ...TRICKY,
      },
    });
    trickyId = tricky.id;
    await insert(
      b.db,
      Array.from({ length: 30 }, (_, i) => ({
        workspaceId: b.workspace.id,
        method: "GET",
        path: `/scim/v2/Users/b${i}`,
        status: 200,
        durationMs: 1,
        createdAt: TIE,
      })),
    );
    signInAs(a.owner.accountId, { authMethod: "password" });
  });

  it("every event once, newest first, across chunks and keyset pages; B's events never", async () => {
    const res = await download(a);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(
      new RegExp(`^attachment; filename="provisioning-log-${a.workspace.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv"$`),
    );
    const [header, ...rows] = parseCsv(await csvText(res));
    expect(header).toEqual(HEADER);
    expect(rows).toHaveLength(total);
    for (const r of rows) expect(r).toHaveLength(HEADER.length);
    const ids = rows.map((r) => r[15]);
    expect(new Set(ids).size).toBe(total);
    const expected = await a.db.provisioningEvent.findMany({
      where: { workspaceId: a.workspace.id },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      select: { id: true },
    });
    expect(ids).toEqual(expected.map((e) => e.id));
    const bIds = new Set(
      (await b.db.provisioningEvent.findMany({ where: { workspaceId: b.workspace.id }, select: { id: true } })).map(
        (e) => e.id,
      ),
    );
    expect(ids.filter((id) => bIds.has(id))).toEqual([]);
  });

  it("every column, RFC 4180 escaping, and the formula guard", async () => {
    const rows = parseCsv(await csvText(await download(a)));
    const cell = Object.fromEntries(HEADER.map((h, i) => [h, rows.find((r) => r[15] === trickyId)![i]]));
    const row = await a.db.provisioningEvent.findUniqueOrThrow({ where: { id: trickyId } });
    expect(cell).toEqual({
      time: new Date(TIE.getTime() + 1).toISOString(),
      method: "PUT",
      endpoint: TRICKY.path, // a comma: quoted, read back as is
      query: TRICKY.query, // quotes doubled
      resource_type: TRICKY.resourceType,
      resource_id: row.resourceId,
      // cells a spreadsheet would run as a formula start with an apostrophe
      external_id: `'${TRICKY.externalId}`,
      user_name: `'${TRICKY.userName}`,
      group_name: TRICKY.displayName, // a line break inside a quoted field
      status: "409",
      outcome: "failure",
      scim_type: `'${TRICKY.scimType}`,
      detail: `'${TRICKY.detail}`,
      duration_ms: "7",
      token: `'${TRICKY.tokenLabel}`,
      event_id: trickyId,
    });
    // an ordinary row: plain values, empty cells for nulls, success
    const plain = rows.find((r) => r[2] === "/scim/v2/Users/n1")!;
    expect(plain.slice(1, 15)).toEqual([
      "POST",
      "/scim/v2/Users/n1",
      "",
      "",
      "",
      "",
      "",
      "",
      "200",
      "success",
      "",
      "",
      "1",
      "Entra ID",
    ]);
    expect(plain[0]).toBe(TIE.toISOString());
  });

  it("a filter applies to every page: outcome=failure gives all failures (more than one chunk) and nothing else", async () => {
    const rows = parseCsv(await csvText(await download(a, "?outcome=failure"))).slice(1);
    expect(rows.length).toBe(failures + 1);
    expect(rows.every((r) => r[10] === "failure" && Number(r[9]) >= 400)).toBe(true);
    expect(new Set(rows.map((r) => r[15])).size).toBe(rows.length);
    const search = parseCsv(await csvText(await download(a, "?q=bad%20value%201857"))).slice(1);
    expect(search.map((r) => r[2])).toEqual(["/scim/v2/Users/n1857"]);
  });

  it("outsiders get a 404, not B's or A's rows", async () => {
    signInAs(b.owner.accountId, { authMethod: "password" });
    try {
      const res = await download(a);
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain("/scim/v2");
    } finally {
      signInAs(a.owner.accountId, { authMethod: "password" });
    }
  });
});
