// Issue 13, item 7: `aaaaaaaa` was accepted as a password. New passwords are scored with zxcvbn-ts
// (lib/services/passwords.ts passwordProblem) and refused with a clear message when easy to guess;
// the setup page and the CLI create owners through createWorkspace, which checks it.
import { describe, expect, it } from "vitest";
import { getDb } from "@/lib/db/client";
import { DomainError } from "@/lib/services/errors";
import { passwordProblem } from "@/lib/services/passwords";
import { createWorkspace } from "@/lib/services/workspaces";
import { uid } from "../support/workspace";

describe("password strength", () => {
  it("createWorkspace refuses guessable owner passwords on the ownerPassword field, and writes nothing", async () => {
    const db = await getDb();
    const before = await db.account.count();
    for (const pw of ["aaaaaaaa", "password1", "12345678", "qwertyuiop", "iloveyou2"]) {
      const slug = uid("pw");
      const err = await createWorkspace({
        name: "Zebra Holdings",
        slug,
        ownerEmail: `o@${slug}.test`,
        ownerPassword: pw,
      }).catch((e) => e);
      expect(err, pw).toBeInstanceOf(DomainError);
      expect((err as DomainError).field).toBe("ownerPassword");
      expect((err as DomainError).message).toMatch(/^This password is too easy to guess\./);
    }
    expect(await db.account.count()).toBe(before);
    const slug = uid("pw");
    await expect(
      createWorkspace({
        name: "Zebra Holdings",
        slug,
        ownerEmail: `o@${slug}.test`,
        ownerPassword: "violet-kayak-harbour-71",
      }),
    ).resolves.toBeTruthy();
  });

  it("passwordProblem counts what the form knows about the person as guessable", () => {
    expect(passwordProblem("violet-kayak-harbour-71")).toBeNull();
    expect(passwordProblem("quixotezebra", [])).toBeNull();
    expect(passwordProblem("quixotezebra", ["o@quixotezebra.test", "Zebra Holdings"])).toMatch(/too easy to guess/);
    expect(passwordProblem("short")).toMatch(/at least 8 characters/);
    // long input is analysed in bounded time (only its first 256 characters)
    expect(passwordProblem("a".repeat(1024))).toMatch(/too easy to guess/);
  });
});
