"use server";
// The signed-in person's own account (not a workspace's): name and password, from the profile page. Each
// action acts only on the signed-in account (the session is checked here, epoch included); nothing in the
// form names an account.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionState } from "@/components/action-state";
import { currentAccount } from "@/lib/auth/session";
import { keepSessionAtEpoch } from "@/lib/auth/session-cookie";
import { changePassword, setAccountName } from "@/lib/services/identity/profile";
import { domainErrorState, parseForm } from "@/app/w/[slug]/action-helpers";

const SIGNED_OUT: ActionState = { errors: { form: "Your session has ended. Sign in again." } };

const nameSchema = z.object({ name: z.string().max(200, "At most 100 characters") });

export async function updateNameAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(nameSchema, form);
  if ("state" in parsed) return parsed.state;
  const account = await currentAccount();
  if (!account) return SIGNED_OUT;
  try {
    await setAccountName(account.id, parsed.data.name);
  } catch (e) {
    return domainErrorState(e);
  }
  revalidatePath("/w", "layout");
  return { ok: true, message: "Name saved." };
}

const passwordSchema = z
  .object({
    current: z.string().min(1, "Enter your current password").max(1024),
    next: z.string().min(1, "Enter a new password").max(1024, "At most 1024 characters"),
    confirm: z.string().max(1024),
  })
  .refine((v) => v.next === v.confirm, { message: "The two new passwords differ", path: ["confirm"] });

/** Changes the password; every other session of the account ends, this one goes on. */
export async function changePasswordAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const parsed = parseForm(passwordSchema, form);
  if ("state" in parsed) return parsed.state;
  const account = await currentAccount();
  if (!account) return SIGNED_OUT;
  let epoch: number;
  try {
    epoch = await changePassword(account.id, { current: parsed.data.current, next: parsed.data.next });
  } catch (e) {
    return domainErrorState(e);
  }
  await keepSessionAtEpoch(account.id, epoch);
  return { ok: true, message: "Password changed. You were signed out everywhere else." };
}
