// Invite links: one-time, expiring, hashed at rest, scoped to their workspace; accepting never touches an
// existing account's credentials, and an invited membership grants nothing until it is accepted.
import { describe, it, expect } from "vitest";
import {
  acceptAsAccount,
  acceptWithNewAccount,
  createInviteLink,
  findInvitation,
  INVITE_TTL_DAYS,
} from "@/lib/services/invitations";
import { createManualMember, inviteManualMember } from "@/lib/services/members";
import { verifyPassword } from "@/lib/services/passwords";
import { DomainError } from "@/lib/services/errors";
import { USER } from "../support/scim-client";
import { newWorkspace, uid } from "../support/workspace";

const tokenOf = (url: string) => url.split("/invite/")[1];

async function invited() {
  const ws = await newWorkspace();
  const email = `${uid("inv")}@example.test`;
  const member = await inviteManualMember(ws.workspace.id, { email, role: "member" });
  expect(member).toMatchObject({ status: "invited", accountId: null });
  return { ...ws, email, member };
}

describe("invite links", () => {
  it("let an invited person create an account and join, once", async () => {
    const { db, workspace, member, email } = await invited();
    const { url, expiresAt } = await createInviteLink(workspace.id, member.id);
    expect(url).toMatch(/^http:\/\/localhost:3000\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime() - Date.now()).toBeGreaterThan((INVITE_TTL_DAYS - 1) * 86_400_000);
    // only a hash is stored
    const row = await db.invitation.findUniqueOrThrow({ where: { memberId: member.id } });
    expect(row.tokenHash).not.toContain(tokenOf(url));

    expect(await findInvitation(tokenOf(url))).toEqual({
      email,
      name: null,
      workspace: { name: workspace.name, slug: workspace.slug },
    });
    const joined = await acceptWithNewAccount(tokenOf(url), { password: "a-good-password", name: "Grace Hopper" });
    expect(joined).toEqual({ workspaceSlug: workspace.slug, email });

    const after = await db.member.findUniqueOrThrow({ where: { id: member.id }, include: { account: true } });
    expect(after.status).toBe("active");
    expect(after.displayName).toBe("Grace Hopper");
    expect(JSON.parse(after.attributes).name).toEqual({
      formatted: "Grace Hopper",
      givenName: "Grace",
      familyName: "Hopper",
    });
    expect(await verifyPassword(after.account!.passwordHash, "a-good-password")).toBe(true);
    // example.test is nobody's verified domain: the email is not established by this
    expect(after.account!.emailVerifiedAt).toBeNull();

    await expect(acceptWithNewAccount(tokenOf(url), { password: "another-password" })).rejects.toThrow(
      /invalid, expired or already used/,
    );
    expect(await findInvitation(tokenOf(url))).toBeNull();
  });

  it("a new link replaces the old one; expired links do not work", async () => {
    const { workspace, member } = await invited();
    const first = await createInviteLink(workspace.id, member.id);
    const second = await createInviteLink(workspace.id, member.id);
    expect(await findInvitation(tokenOf(first.url))).toBeNull();
    expect(await findInvitation(tokenOf(second.url))).not.toBeNull();
    const later = new Date(Date.now() + (INVITE_TTL_DAYS + 1) * 86_400_000);
    expect(await findInvitation(tokenOf(second.url), later)).toBeNull();
    await expect(
      acceptWithNewAccount(tokenOf(second.url), { password: "a-good-password" }, later),
    ).rejects.toBeInstanceOf(DomainError);
  });

  it("someone who already has an account joins by being signed in to it, and its password is never set or checked", async () => {
    const other = await newWorkspace();
    const { db, workspace, member, email } = await invited();
    const existing = await createManualMember(other.workspace.id, {
      email,
      role: "member",
      password: "existing-password",
    });
    const { url } = await createInviteLink(workspace.id, member.id);
    // The page looks the same as for an unknown email.
    expect(await findInvitation(tokenOf(url))).toEqual({
      email,
      name: null,
      workspace: { name: workspace.name, slug: workspace.slug },
    });
    await expect(acceptWithNewAccount(tokenOf(url), { password: "attacker-password" })).rejects.toThrow(
      /already has an account/,
    );
    const account = await db.account.findUniqueOrThrow({ where: { id: existing.accountId! } });
    expect(await verifyPassword(account.passwordHash, "existing-password")).toBe(true);
    expect(await verifyPassword(account.passwordHash, "attacker-password")).toBe(false);
    // the link still works for its owner
    await acceptAsAccount(tokenOf(url), account.id);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      status: "active",
      accountId: account.id,
    });
  });

  it("accepting as an account needs that account's email to be the invited one", async () => {
    const { db, workspace, member, owner } = await invited();
    const { url } = await createInviteLink(workspace.id, member.id);
    // The workspace's own owner (who holds the link) cannot take the invitation for their account.
    await expect(acceptAsAccount(tokenOf(url), owner.accountId!)).rejects.toThrow(/This invitation is for/);
    expect(await db.member.findUniqueOrThrow({ where: { id: member.id } })).toMatchObject({
      status: "invited",
      accountId: null,
    });
  });

  it("SCIM members the workspace does not manage get invite links too, keeping their SCIM status", async () => {
    const { db, workspace, api } = await newWorkspace();
    const email = `${uid("contractor")}@example.test`;
    const res = await api.post("/Users", { schemas: [USER], userName: email, active: true });
    expect(res.status).toBe(201);
    const row = await db.member.findUniqueOrThrow({ where: { id: res.body.id } });
    expect(row).toMatchObject({ status: "active", accountId: null });
    const { url } = await createInviteLink(workspace.id, row.id);
    await acceptWithNewAccount(tokenOf(url), { password: "contractor-password" });
    const after = await db.member.findUniqueOrThrow({ where: { id: row.id } });
    expect(after.status).toBe("active");
    expect(after.accountId).toBeTruthy();
    await expect(createInviteLink(workspace.id, row.id)).rejects.toThrow(/already joined/);
  });

  it("refuses short passwords, members of other workspaces, joined members and suspended ones", async () => {
    const { db, workspace, member, owner } = await invited();
    const { url } = await createInviteLink(workspace.id, member.id);
    await expect(acceptWithNewAccount(tokenOf(url), { password: "short" })).rejects.toThrow(/at least 8/);
    const other = await newWorkspace();
    await expect(createInviteLink(other.workspace.id, member.id)).rejects.toThrow(/No such member/);
    await expect(createInviteLink(workspace.id, owner.id)).rejects.toThrow(/already joined/);
    await db.member.update({ where: { id: member.id }, data: { status: "suspended" } });
    expect(await findInvitation(tokenOf(url))).toBeNull();
    await expect(createInviteLink(workspace.id, member.id)).rejects.toThrow(/Reactivate/);
    expect(await findInvitation("not-a-token")).toBeNull();
  });
});
