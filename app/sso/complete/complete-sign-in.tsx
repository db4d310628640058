"use client";
// Last step of SSO: redeems the one-time ticket from the URL fragment (never sent to servers or logs)
// through next-auth's "sso" provider, which also checks this browser started the flow.
import Link from "next/link";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";

export function CompleteSignIn({ to }: { to: string }) {
  const [failed, setFailed] = useState(false);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const ticket = new URLSearchParams(window.location.hash.slice(1)).get("ticket") ?? "";
    history.replaceState(null, "", window.location.pathname + window.location.search);
    signIn("sso", { ticket, redirect: false }).then((res) => {
      if (!res || res.error) setFailed(true);
      else window.location.replace(to);
    });
  }, [to]);
  if (failed) {
    return (
      <>
        <h1 className="text-2xl font-semibold">Sign-in link expired</h1>
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-4 py-3 text-red-900 dark:bg-red-950 dark:text-red-100">
          The sign-in link has expired or was already used. Start again.
        </p>
        <p className="mt-6 text-sm">
          <Link href="/sso" className="text-indigo-600 underline">
            Sign in with SSO
          </Link>
        </p>
      </>
    );
  }
  return (
    <p role="status" className="text-center">
      Signing you in…
    </p>
  );
}
