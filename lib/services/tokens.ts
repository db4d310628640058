// SCIM bearer tokens. Format: `scim_<prefix>_<secret>` — the prefix (public, unique) finds the row,
// the 256-bit secret is checked against its stored SHA-256 hash in constant time. The secret itself is
// shown once at creation and never stored.
import crypto from "node:crypto";
import type { Db } from "@/lib/db/client";
import { toDateOrNull, type Sql } from "@/lib/db/sql";
import { DomainError } from "./errors";

const TOKEN_RE = /^scim_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

function sha256(s: string): Buffer {
  return crypto.createHash("sha256").update(s).digest();
}

export interface CreateTokenInput {
  label: string;
  expiresInDays?: number | null;
  createdByName?: string | null;
}

export async function createToken(db: Db, workspaceId: string, input: CreateTokenInput) {
  const label = input.label.trim();
  if (!label) throw new DomainError("invalid", "A label is required (e.g. \"Entra ID\")", "label");
  if (label.length > 80) throw new DomainError("invalid", "Label must be at most 80 characters", "label");
  const days = input.expiresInDays;
  if (days != null && (!Number.isInteger(days) || days < 1 || days > 3650)) {
    throw new DomainError("invalid", "Expiry must be a whole number of days between 1 and 3650", "expiresInDays");
  }
  const prefix = crypto.randomBytes(8).toString("hex").slice(0, 10);
  const secret = crypto.randomBytes(32).toString("base64url"); // 256 bits
  const row = await db.scimToken.create({
    data: {
      workspaceId,
      label,
      prefix,
      secretHash: sha256(secret).toString("hex"),
      createdByName: input.createdByName ?? null,
      expiresAt: days ? new Date(Date.now() + days * 86_400_000) : null,
    },
  });
  return { token: row, secret: `scim_${prefix}_${secret}` };
}

export type TokenStatus = "active" | "revoked" | "expired";

export function tokenStatus(t: { revokedAt: Date | null; expiresAt: Date | null }, now = new Date()): TokenStatus {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && t.expiresAt <= now) return "expired";
  return "active";
}

export async function listTokens(db: Db, workspaceId: string) {
  return db.scimToken.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    select: {
      id: true, label: true, prefix: true, createdByName: true, createdAt: true,
      lastUsedAt: true, expiresAt: true, revokedAt: true,
    },
  });
}

export async function revokeToken(db: Db, workspaceId: string, tokenId: string) {
  const res = await db.scimToken.updateMany({
    where: { id: tokenId, workspaceId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (res.count === 0) {
    const exists = await db.scimToken.findFirst({ where: { id: tokenId, workspaceId }, select: { id: true } });
    if (!exists) throw new DomainError("not_found", "No such token in this workspace");
  }
}

export type TokenCheck =
  | { ok: true; tokenId: string; tokenLabel: string; workspace: { id: string; slug: string; plan: string } }
  | {
      ok: false;
      reason: "missing" | "malformed" | "unknown" | "revoked" | "expired";
      /** set when the token still identifies a workspace (for the provisioning log) */
      workspaceId?: string;
      tokenId?: string;
      tokenLabel?: string;
    };

// lastUsedAt is written at most once a minute per token, not on every request.
const LAST_USED_WRITE_INTERVAL_MS = 60_000;
const lastUsedWrites = new Map<string, number>();

/** Checks a bearer token on every SCIM request, through the driver-level SQL of lib/db/sql.ts. Deliberately
 * uncached: one indexed lookup (token joined with its workspace) costs tens of microseconds, and reading the
 * row each time means a revocation, an expiry or a plan change (from the admin UI, the CLI or another
 * server) applies to the very next request. */
export async function verifyBearer(sql: Sql, authorization: string | null): Promise<TokenCheck> {
  if (!authorization) return { ok: false, reason: "missing" };
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!m) return { ok: false, reason: "malformed" };
  const parts = TOKEN_RE.exec(m[1]);
  if (!parts) return { ok: false, reason: "unknown" };
  const [, prefix, secret] = parts;
  const rows = await sql.all(
    `SELECT t."id", t."label", t."secretHash", t."revokedAt", t."expiresAt", t."lastUsedAt", w."id" AS "workspaceId", w."slug", w."plan" ` +
      `FROM "ScimToken" t JOIN "Workspace" w ON w."id" = t."workspaceId" WHERE t."prefix" = ${sql.provider === "postgres" ? "$1" : "?"}`,
    [prefix],
  );
  if (!rows.length) return { ok: false, reason: "unknown" };
  const r = rows[0];
  const row = {
    id: r.id as string,
    label: r.label as string,
    revokedAt: toDateOrNull(r.revokedAt),
    expiresAt: toDateOrNull(r.expiresAt),
    lastUsedAt: toDateOrNull(r.lastUsedAt),
    workspace: { id: r.workspaceId as string, slug: r.slug as string, plan: r.plan as string },
  };
  const expected = Buffer.from(r.secretHash as string, "hex");
  const actual = sha256(secret);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) {
    return { ok: false, reason: "unknown" };
  }
  const ids = { workspaceId: row.workspace.id, tokenId: row.id, tokenLabel: row.label };
  const status = tokenStatus(row);
  if (status !== "active") return { ok: false, reason: status, ...ids };
  touchLastUsed(sql, row.id, row.lastUsedAt);
  return { ok: true, tokenId: row.id, tokenLabel: row.label, workspace: row.workspace };
}

function touchLastUsed(sql: Sql, tokenId: string, lastUsedAt: Date | null) {
  const now = Date.now();
  const last = Math.max(lastUsedWrites.get(tokenId) ?? 0, lastUsedAt?.getTime() ?? 0);
  if (now - last < LAST_USED_WRITE_INTERVAL_MS) return;
  lastUsedWrites.set(tokenId, now);
  // Fire and forget: a failed timestamp write must never fail the provisioning request.
  const [p1, p2] = sql.provider === "postgres" ? ["$1", "$2"] : ["?", "?"];
  sql.run(`UPDATE "ScimToken" SET "lastUsedAt" = ${p1} WHERE "id" = ${p2}`, [new Date(now), tokenId]).catch(() => {});
}
