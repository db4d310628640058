// Invite links: one-time, expiring, hashed at rest, scoped to their workspace.
import { describe, it, expect } from "vitest";
import { createInviteLink, findInvitation, acceptInvitation, INVITE_TTL_DAYS } from "@/lib/services/invitations";
import { createManualMember } from "@/lib/services/members";
import { hashPassword, verifyPassword } from "@/lib/services/passwords";
import { DomainError } from "@/lib/services/errors";
import { newWorkspace, uid } from "./helpers";

const tokenOf = (url: string) => url.split("/invite/")[1];

async function invited() {
  const ws = await newWorkspace();
  const email = `${uid("inv")}@example.test`;
  const member = await createManualMember(ws.db, ws.workspace.id, { email, role: "member", password: null });
  expect(member.status).toBe("invited");
  return { ...ws, email, member };
}

describe("invite links", () => {
  it("let an invited person set a password and join, once", async () => {
    const { db, workspace, member, email } = await invited();
    const { url, expiresAt } = await createInviteLink(db, workspace.id, member.id);
    expect(url).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan((INVITE_TTL_DAYS - 1) * 86_400_000);
    // only a hash is stored
    const row = await db.invitation.findUniqueOrThrow({ where: { memberId: member.id } });
    expect(row.tokenHash).not.toContain(tokenOf(url));

    expect(await findInvitation(db, tokenOf(url))).toMatchObject({ email, hasPassword: false, workspace: { slug: workspace.slug } });
    const joined = await acceptInvitation(db, tokenOf(url), { password: "a-good-password", name: "Grace Hopper" });
    expect(joined).toEqual({ workspaceSlug: workspace.slug, email });

    const after = await db.member.findUniqueOrThrow({ where: { id: member.id }, include: { account: true } });
    expect(after.status).toBe("active");
    expect(after.displayName).toBe("Grace Hopper");
    expect(JSON.parse(after.attributes).name).toEqual({ formatted: "Grace Hopper", givenName: "Grace", familyName: "Hopper" });
    expect(await verifyPassword(after.account!.passwordHash, "a-good-password")).toBe(true);

    await expect(acceptInvitation(db, tokenOf(url), { password: "another-password" })).rejects.toThrow(/invalid, expired or already used/);
    expect(await findInvitation(db, tokenOf(url))).toBeNull();
  });

  it("a new link replaces the old one; expired links do not work", async () => {
    const { db, workspace, member } = await invited();
    const first = await createInviteLink(db, workspace.id, member.id);
    const second = await createInviteLink(db, workspace.id, member.id);
    expect(await findInvitation(db, tokenOf(first.url))).toBeNull();
    expect(await findInvitation(db, tokenOf(second.url))).not.toBeNull();
    const later = new Date(Date.now() + (INVITE_TTL_DAYS + 1) * 86_400_000);
    expect(await findInvitation(db, tokenOf(second.url), later)).toBeNull();
    await expect(acceptInvitation(db, tokenOf(second.url), { password: "a-good-password" }, later)).rejects.toBeInstanceOf(DomainError);
  });

  it("someone who already has an account confirms their existing password", async () => {
    const { db, workspace, member } = await invited();
    const { url } = await createInviteLink(db, workspace.id, member.id);
    await db.account.update({ where: { id: member.accountId! }, data: { passwordHash: await hashPassword("existing-password") } });
    expect((await findInvitation(db, tokenOf(url)))?.hasPassword).toBe(true);
    await expect(acceptInvitation(db, tokenOf(url), { password: "wrong-password" })).rejects.toThrow(/not the password/);
    await acceptInvitation(db, tokenOf(url), { password: "existing-password" });
    expect((await db.member.findUniqueOrThrow({ where: { id: member.id } })).status).toBe("active");
  });

  it("refuses short passwords, members of other workspaces and members who are not invited", async () => {
    const { db, workspace, member, owner } = await invited();
    const { url } = await createInviteLink(db, workspace.id, member.id);
    await expect(acceptInvitation(db, tokenOf(url), { password: "short" })).rejects.toThrow(/at least 8/);
    const other = await newWorkspace();
    await expect(createInviteLink(db, other.workspace.id, member.id)).rejects.toThrow(/No such member/);
    await expect(createInviteLink(db, workspace.id, owner.id)).rejects.toThrow(/Only invited members/);
    expect(await findInvitation(db, "not-a-token")).toBeNull();
  });
});
