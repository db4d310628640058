// Verified email domains: a workspace claims a domain, publishes a DNS TXT record with its code, and
// "Verify" looks the record up. Codes expire after 4 weeks; a domain is verified by one workspace only.
import crypto from "node:crypto";
import { getDb, type Db } from "@/lib/db/client";
import { hasUnstorableText } from "@/lib/storable-text";
import type { TxtResolver } from "@/lib/sso/dns";
import { isPublicMailDomain } from "@/lib/identity/email-domain";
import { DomainError, isUniqueViolation } from "./errors";
import { recordAudit, SYSTEM, type AuditActor } from "./audit";

export const CODE_TTL_MS = 28 * 86_400_000;
export const TXT_PREFIX = "workspace-domain-verification=";

const HOSTNAME = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** "https://Acme.com/" → "acme.com"; throws a field error for anything that is not a DNS name. */
export function normalizeDomain(input: string): string {
  const d = input
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, "")
    .replace(/\/.*$/, "")
    .replace(/^@/, "")
    .replace(/\.$/, "");
  if (!HOSTNAME.test(d)) throw new DomainError("invalid", "Enter a domain name like example.com", "domain");
  return d;
}

export function txtValue(d: { verificationToken: string }): string {
  return `${TXT_PREFIX}${d.verificationToken}`;
}

export type DomainStatus = "verified" | "pending" | "expired";

export function domainStatus(d: { verifiedAt: Date | null; expiresAt: Date }, now = new Date()): DomainStatus {
  if (d.verifiedAt) return "verified";
  return d.expiresAt <= now ? "expired" : "pending";
}

const newCode = () => ({
  verificationToken: crypto.randomBytes(18).toString("base64url"),
  expiresAt: new Date(Date.now() + CODE_TTL_MS),
});

export async function listDomains(workspaceId: string) {
  const db = await getDb();
  return db.domain.findMany({ where: { workspaceId }, orderBy: [{ domain: "asc" }] });
}

export async function addDomain(workspaceId: string, input: string, actor: AuditActor = SYSTEM) {
  const db = await getDb();
  const domain = normalizeDomain(input);
  if (isPublicMailDomain(domain)) {
    throw new DomainError(
      "invalid",
      `${domain} is a public mail domain: its addresses belong to unrelated people, so no workspace can verify it`,
      "domain",
    );
  }
  const taken = await db.domain.findUnique({ where: { verifiedDomain: domain }, select: { workspaceId: true } });
  if (taken && taken.workspaceId !== workspaceId) {
    throw new DomainError("conflict", `${domain} is already verified by another workspace`, "domain");
  }
  try {
    return await db.$transaction(async (tx) => {
      const d = await tx.domain.create({ data: { workspaceId, domain, ...newCode() } });
      await recordAudit(tx, workspaceId, actor, "domain.added", { type: "domain", id: d.id, label: domain });
      return d;
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw new DomainError("conflict", `${domain} is already in this workspace`, "domain");
    throw e;
  }
}

async function ownDomain(db: Db, workspaceId: string, id: string) {
  // (an id PostgreSQL cannot even compare, lib/storable-text.ts, is simply no domain of this workspace)
  const d = hasUnstorableText(id) ? null : await db.domain.findFirst({ where: { id, workspaceId } });
  if (!d) throw new DomainError("not_found", "No such domain in this workspace");
  return d;
}

/** Issues a fresh code (4 more weeks) for a domain that is not verified yet. */
export async function renewDomainCode(workspaceId: string, id: string) {
  const db = await getDb();
  const d = await ownDomain(db, workspaceId, id);
  if (d.verifiedAt) throw new DomainError("invalid", `${d.domain} is already verified`);
  return db.domain.update({ where: { id }, data: { ...newCode(), lastError: null, lastCheckedAt: null } });
}

export async function removeDomain(workspaceId: string, id: string, actor: AuditActor = SYSTEM) {
  const db = await getDb();
  const d = await ownDomain(db, workspaceId, id);
  await db.$transaction(async (tx) => {
    await tx.domain.delete({ where: { id } });
    await recordAudit(
      tx,
      workspaceId,
      actor,
      "domain.removed",
      { type: "domain", id, label: d.domain },
      { wasVerified: !!d.verifiedAt },
    );
  });
}

async function lookupTxt(resolver: TxtResolver, name: string): Promise<string[] | string> {
  try {
    return (await resolver.resolveTxt(name)).map((chunks) => chunks.join(""));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA")
      return `No TXT record found for ${name} yet. DNS changes can take a while to appear.`;
    return `The DNS lookup for ${name} failed (${code ?? "error"}). Try again in a few minutes.`;
  }
}

/** Looks up the TXT record. Returns the updated row; `lastError` says why it is not verified. */
export async function verifyDomain(
  workspaceId: string,
  id: string,
  resolver: TxtResolver,
  now = new Date(),
  actor: AuditActor = SYSTEM,
) {
  const db = await getDb();
  const d = await ownDomain(db, workspaceId, id);
  if (d.verifiedAt) return d;
  const fail = (lastError: string) => db.domain.update({ where: { id }, data: { lastError, lastCheckedAt: now } });
  if (isPublicMailDomain(d.domain)) return fail(`${d.domain} is a public mail domain and cannot be verified.`);
  if (d.expiresAt <= now)
    return fail(
      "This verification code has expired (codes are valid for 4 weeks). Generate a new code and update the TXT record.",
    );
  const records = await lookupTxt(resolver, d.domain);
  if (typeof records === "string") return fail(records);
  const expected = txtValue(d);
  if (!records.some((r) => r.trim() === expected)) {
    const ours = records.filter((r) => r.startsWith(TXT_PREFIX));
    return fail(
      ours.length
        ? `The TXT record on ${d.domain} has a different value (${ours[0]}). Replace it with ${expected}.`
        : `No TXT record on ${d.domain} has the value ${expected}.`,
    );
  }
  try {
    return await db.$transaction(async (tx) => {
      const verified = await tx.domain.update({
        where: { id },
        data: { verifiedAt: now, verifiedDomain: d.domain, lastError: null, lastCheckedAt: now },
      });
      await recordAudit(tx, workspaceId, actor, "domain.verified", { type: "domain", id, label: d.domain });
      return verified;
    });
  } catch (e) {
    if (isUniqueViolation(e)) return fail(`${d.domain} is already verified by another workspace.`);
    throw e;
  }
}

/** The workspace that verified the domain of `email`, if any (SSO sign-in routing). */
export async function verifiedDomainForEmail(email: string) {
  const db = await getDb();
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
  if (!domain) return null;
  return db.domain.findUnique({ where: { verifiedDomain: domain }, include: { workspace: true } });
}

export async function hasVerifiedDomain(workspaceId: string): Promise<boolean> {
  const db = await getDb();
  return (await db.domain.count({ where: { workspaceId, verifiedAt: { not: null } } })) > 0;
}
