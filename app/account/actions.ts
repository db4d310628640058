"use server";
// The signed-in person's own account (not a workspace's): name and password, from the profile page. Each
// action acts only on the signed-in account (the session is checked here, epoch included); nothing in the
// form names an account.
import { z } from "zod";
import { keepSessionAtEpoch } from "@/lib/auth/session-cookie";
import { changePassword, setAccountName } from "@/lib/services/identity/profile";
import { defineAction } from "@/app/w/[slug]/action-helpers";

const nameSchema = z.object({ name: z.string().max(200, "At most 100 characters") });

export const updateNameAction = defineAction({
  role: "signedIn",
  schema: nameSchema,
  revalidate: [["/w", "layout"]],
  run: async ({ name }, { account }) => {
    await setAccountName(account.id, name);
    return "Name saved.";
  },
});

const passwordSchema = z
  .object({
    current: z.string().min(1, "Enter your current password").max(1024),
    next: z.string().min(1, "Enter a new password").max(1024, "At most 1024 characters"),
    confirm: z.string().max(1024),
  })
  .refine((v) => v.next === v.confirm, { message: "The two new passwords differ", path: ["confirm"] });

/** Changes the password; every other session of the account ends, this one goes on. */
export const changePasswordAction = defineAction({
  role: "signedIn",
  schema: passwordSchema,
  run: async ({ current, next }, { account }) => {
    const epoch = await changePassword(account.id, { current, next });
    await keepSessionAtEpoch(account.id, epoch);
    return "Password changed. You were signed out everywhere else.";
  },
});
