// The profile page's account changes: the name (and hand-added memberships with it, never a SCIM member's
// name), and the password — only with the current one, under the zxcvbn rule, ending other sessions.
import { describe, expect, it } from "vitest";
import { changePassword, setAccountName } from "@/lib/services/identity/profile";
import { verifyPassword } from "@/lib/services/passwords";
import { createManualMember } from "@/lib/services/members";
import { newWorkspace, uid } from "../support/workspace";

describe("profile", () => {
  it("renames the account and its manual memberships, not a SCIM member's name", async () => {
    const { db, workspace, api } = await newWorkspace();
    const email = `${uid("p")}@example.test`;
    const m = await createManualMember(workspace.id, {
      email,
      role: "member",
      password: "pebble tundra violin 58",
      name: "Old Name",
    });
    await expect(setAccountName(m.accountId!, "   ")).rejects.toThrow(/Enter your name/);
    await setAccountName(m.accountId!, "  Nadia Quinn ");
    expect((await db.account.findUniqueOrThrow({ where: { id: m.accountId! } })).name).toBe("Nadia Quinn");
    const row = await db.member.findUniqueOrThrow({ where: { id: m.id } });
    expect(row).toMatchObject({ displayName: "Nadia Quinn", givenName: "Nadia", familyName: "Quinn" });
    expect(JSON.parse(row.attributes).name).toEqual({
      formatted: "Nadia Quinn",
      givenName: "Nadia",
      familyName: "Quinn",
    });

    const scim = await api.post("/Users", {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
      userName: `${uid("s")}@example.test`,
      displayName: "From IdP",
    });
    await db.member.update({ where: { id: scim.body.id }, data: { accountId: m.accountId } });
    await setAccountName(m.accountId!, "Someone Else");
    expect((await db.member.findUniqueOrThrow({ where: { id: scim.body.id } })).displayName).toBe("From IdP");
  });

  it("changes the password only with the current one and a strong new one, and moves the session epoch on", async () => {
    const { db, workspace } = await newWorkspace();
    const m = await createManualMember(workspace.id, {
      email: `${uid("pw")}@example.test`,
      role: "member",
      password: "granite pelican lute 31",
    });
    const id = m.accountId!;
    await expect(
      changePassword(id, { current: "wrong password here", next: "saffron glacier oboe 77" }),
    ).rejects.toMatchObject({ field: "current" });
    await expect(changePassword(id, { current: "granite pelican lute 31", next: "password1" })).rejects.toMatchObject({
      field: "next",
    });
    await expect(
      changePassword(id, { current: "granite pelican lute 31", next: "granite pelican lute 31" }),
    ).rejects.toMatchObject({ field: "next" });
    expect((await db.account.findUniqueOrThrow({ where: { id } })).sessionEpoch).toBe(0);
    expect(await changePassword(id, { current: "granite pelican lute 31", next: "saffron glacier oboe 77" })).toBe(1);
    const after = await db.account.findUniqueOrThrow({ where: { id } });
    expect(after.sessionEpoch).toBe(1);
    expect(await verifyPassword(after.passwordHash, "saffron glacier oboe 77")).toBe(true);
    expect(await verifyPassword(after.passwordHash, "granite pelican lute 31")).toBe(false);
  });
});
