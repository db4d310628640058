// Workspaces and their first owner. Every other service function takes a workspace id.
import { getDb, type Db } from "@/lib/db/client";
import { DomainError, isUniqueViolation } from "./errors";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords";
import { manualMemberData } from "./member-data";
import { foldCase } from "@/lib/scim/fold";

export const PLANS = ["free", "pro", "enterprise"] as const;
export type Plan = (typeof PLANS)[number];
export const ROLES = ["owner", "admin", "member", "member_lite"] as const;
export type Role = (typeof ROLES)[number];

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export function slugify(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/, "");
}

export interface CreateWorkspaceInput {
  name: string;
  slug?: string;
  plan?: Plan;
  ownerEmail: string;
  ownerPassword: string;
  ownerName?: string;
}

/** Creates a workspace with its owner in one transaction (first-run setup and the operator's CLI). An
 * existing account (same email) becomes the owner only when `ownerPassword` is its password: being its
 * owner is then that person's own choice, and the password is never changed. A new account's email counts as
 * established (the operator vouches for it). */
export async function createWorkspace(input: CreateWorkspaceInput) {
  const db = await getDb();
  const name = input.name.trim();
  if (!name) throw new DomainError("invalid", "Workspace name is required", "name");
  const slug = input.slug?.trim() || slugify(name);
  if (!SLUG.test(slug)) {
    throw new DomainError("invalid", "Slug must be 1–48 lower-case letters, digits or dashes", "slug");
  }
  const plan = input.plan ?? "enterprise";
  if (!PLANS.includes(plan)) throw new DomainError("invalid", `Plan must be one of ${PLANS.join(", ")}`, "plan");
  const email = input.ownerEmail.trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new DomainError("invalid", "Owner email is not valid", "ownerEmail");
  const existing = await db.account.findUnique({ where: { emailLower: foldCase(email) } });
  if (existing) {
    // never set, only checked: the person proves the account is theirs
    if (!(await verifyPassword(existing.passwordHash, input.ownerPassword))) {
      throw new DomainError(
        "forbidden",
        "This email already has an account: give its current password to make it the owner, or use another email.",
        "ownerPassword",
      );
    }
  } else {
    const weak = passwordProblem(input.ownerPassword, [email, input.ownerName, input.name, slug]);
    if (weak) throw new DomainError("invalid", weak, "ownerPassword");
  }
  const passwordHash = existing ? null : await hashPassword(input.ownerPassword);
  try {
    return await db.$transaction(async (tx) => {
      const workspace = await tx.workspace.create({ data: { name, slug, plan } });
      const account =
        existing ??
        (await tx.account.create({
          data: {
            email,
            emailLower: foldCase(email),
            name: input.ownerName ?? null,
            passwordHash,
            emailVerifiedAt: new Date(),
          },
        }));
      const owner = await tx.member.create({
        data: {
          ...manualMemberData(email, input.ownerName ?? account.name),
          workspaceId: workspace.id,
          accountId: account.id,
          role: "owner",
        },
      });
      return { workspace, account, owner };
    });
  } catch (e) {
    if (isUniqueViolation(e))
      throw new DomainError("conflict", `A workspace with slug "${slug}" already exists`, "slug");
    throw e;
  }
}

export async function findWorkspaceBySlugIn(db: Db, slug: string) {
  return db.workspace.findUnique({ where: { slug } });
}

export async function requireWorkspaceBySlug(slug: string) {
  const db = await getDb();
  const ws = await findWorkspaceBySlugIn(db, slug);
  if (!ws) throw new DomainError("not_found", `No workspace with slug "${slug}"`, "workspace");
  return ws;
}

export async function countWorkspaces(): Promise<number> {
  const db = await getDb();
  return db.workspace.count();
}

/** Every workspace on this server with its member count, oldest first (the operator's CLI). */
export async function listAllWorkspaces() {
  const db = await getDb();
  const rows = await db.workspace.findMany({
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { members: true } } },
  });
  return rows.map((w) => ({ id: w.id, slug: w.slug, name: w.name, plan: w.plan, members: w._count.members }));
}
