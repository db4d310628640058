"use client";
// Ends the next-auth session and returns to the sign-in page.
import { signOut } from "next-auth/react";
import { buttonClass } from "@/components/ui/styles";

export function SignOutButton() {
  return (
    <button type="button" className={buttonClass("ghost", "sm")} onClick={() => signOut({ callbackUrl: "/signin" })}>
      Sign out
    </button>
  );
}
