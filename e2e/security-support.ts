// Helpers for the security specs (e2e/security-*.spec.ts): sign-in over next-auth's API, server actions
// called over HTTP exactly as the browser sends them, and read-only snapshots of the e2e database.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { expect, type APIRequestContext } from "@playwright/test";
import { E2E_DATABASE_URL, E2E_URL } from "../playwright.config";

const distDir = process.env.NEXT_DIST_DIR || ".next";

/** Signs in through next-auth's credentials endpoint (with its CSRF token); cookies land in `request`'s jar. */
export async function apiSignIn(request: APIRequestContext, email: string, password: string) {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
    maxRedirects: 0,
  });
  return res;
}

/** The server actions of the production build: exported name → action id and source file. */
export function serverActions(): Map<string, { id: string; filename: string }> {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, v]) => [v.exportedName, { id, filename: v.filename }]));
}

/** The app's page and route paths of the production build (e.g. `/w/[slug]/members/[memberId]`). */
export function appPaths(): string[] {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir, "server", "app-paths-manifest.json"), "utf8"),
  ) as Record<string, string>;
  // route groups such as (list) are not part of the URL
  return Object.keys(manifest).map((p) => p.replace(/\/\([^/)]+\)(?=\/)/g, "").replace(/\/(page|route)$/, "") || "/");
}

/** Marks where the FormData goes in `callAction`'s argument list. */
export const FORM = Symbol("form");

export interface ActionResult {
  status: number;
  /** the action's return value (the `1:` row of the RSC response), when the action ran; the admin forms
   * return { ok: true, message } | { errors, values } (the SSO and domain forms as well) */
  result: {
    ok?: boolean | string;
    message?: string;
    error?: string;
    errors?: Record<string, string>;
    fieldErrors?: Record<string, string>;
  } | null;
  /** where a redirecting action sends the browser (`x-action-redirect`) */
  redirect: string | null;
  text: string;
  headers: Record<string, string>;
}

/**
 * Calls a server action the way React's client does: POST to a page that includes it, `Next-Action: <id>`,
 * and the arguments encoded as multipart form data — the FormData's fields prefixed `_1_`, and `0` the
 * argument list (`[prevState, formData]`, or `[formData]` for one-argument actions).
 */
export async function callAction(
  request: APIRequestContext,
  opts: {
    page: string;
    action: string;
    fields?: Record<string, string>;
    singleArgument?: boolean;
    /** the full argument list, for actions with bound arguments (`[slug, id, {}]`); FORM marks the FormData */
    args?: unknown[];
    origin?: string | null;
  },
): Promise<ActionResult> {
  const action = serverActions().get(opts.action);
  if (!action) throw new Error(`no server action ${opts.action} in the build`);
  // Order matters: React resolves the argument list ("0") as soon as it arrives, with the form fields
  // received so far, so "0" comes last (as the browser sends it).
  const multipart = new FormData();
  for (const [k, v] of Object.entries(opts.fields ?? {})) multipart.append(`_1_${k}`, v);
  const args = opts.args ?? (opts.singleArgument ? [FORM] : [{}, FORM]);
  multipart.append("0", JSON.stringify(args.map((a) => (a === FORM ? "$K1" : a))));
  const headers: Record<string, string> = { "Next-Action": action.id, Accept: "text/x-component" };
  const origin = opts.origin === undefined ? E2E_URL : opts.origin;
  if (origin !== null) headers.Origin = origin;
  const res = await request.post(opts.page, { headers, multipart, maxRedirects: 0 });
  const text = await res.text();
  const row = /^1:(\{.*\})$/m.exec(text);
  return {
    status: res.status(),
    result: row ? JSON.parse(row[1]) : null,
    redirect: res.headers()["x-action-redirect"] ?? null,
    text,
    headers: res.headers(),
  };
}

type Row = Record<string, unknown>;

/** Runs read-only SQL against the e2e database (SQLite file or PostgreSQL), `?` placeholders. */
export async function query(sql: string, ...params: unknown[]): Promise<Row[]> {
  if (E2E_DATABASE_URL.startsWith("file:")) {
    const db = new Database(E2E_DATABASE_URL.slice("file:".length), { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as Row[];
    } finally {
      db.close();
    }
  }
  const c = new pg.Client({ connectionString: E2E_DATABASE_URL });
  await c.connect();
  try {
    let i = 0;
    return (
      await c.query(
        sql.replace(/\?/g, () => `$${++i}`),
        params,
      )
    ).rows;
  } finally {
    await c.end();
  }
}

/** Every row of one workspace that an admin page or action could change, as one comparable string. */
export async function workspaceSnapshot(slug: string): Promise<string> {
  const [ws] = await query(`SELECT * FROM "Workspace" WHERE "slug" = ?`, slug);
  expect(ws, `workspace ${slug}`).toBeTruthy();
  const id = ws.id;
  const tables: Record<string, Row[]> = { Workspace: [ws] };
  for (const [table, order] of [
    ["Member", `"id"`],
    ["Group", `"id"`],
    ["GroupMember", `"groupId", "memberId"`],
    ["ScimToken", `"id"`],
    ["Invitation", `"id"`],
    ["SsoConnection", `"id"`],
    ["Domain", `"id"`],
    ["SsoNonce", `"key"`],
    ["SsoLoginTicket", `"id"`],
    ["AuditEvent", `"id"`],
    ["WebhookEndpoint", `"id"`],
    ["WebhookDelivery", `"seq"`],
    ["DeprovisionIntent", `"id"`],
    ["DeprovisionGuard", `"workspaceId"`],
    ["OffboardingPolicy", `"workspaceId"`],
  ]) {
    tables[table] = await query(`SELECT * FROM "${table}" WHERE "workspaceId" = ? ORDER BY ${order}`, id);
  }
  return JSON.stringify(tables);
}

/** The session cookie of next-auth in `cookies` (named `__Secure-…` when APP_URL is https). */
export function sessionCookie<T extends { name: string }>(cookies: T[]): T | undefined {
  return cookies.find((c) => /^(__Secure-)?next-auth\.session-token$/.test(c.name));
}
