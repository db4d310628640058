// The first-run checklist an empty Enterprise workspace shows its owners and admins: verify a domain,
// connect SCIM (with a live "waiting" state once a token exists), set up SSO. Items tick themselves.
import Link from "next/link";
import { linkClass } from "@/components/ui/styles";
import type { FirstRunStatus } from "@/lib/services/admin/first-run";
import { ScimWaiting } from "./scim-waiting";

function Item({
  done,
  title,
  href,
  action,
  children,
}: {
  done: boolean;
  title: string;
  href: string;
  action: string;
  children: React.ReactNode;
}) {
  return (
    <li className="flex gap-3">
      <span
        aria-hidden="true"
        className={`mt-0.5 flex h-5 w-5 shrink-0 items-center justify-center rounded-full text-xs font-bold ${done ? "bg-emerald-600 text-white" : "border border-zinc-300 dark:border-zinc-600"}`}
      >
        {done ? "✓" : ""}
      </span>
      <div className="min-w-0">
        <p className="font-medium">
          {title} <span className="sr-only">{done ? "(done)" : "(to do)"}</span>
        </p>
        <div className="mt-0.5 text-sm text-zinc-600 dark:text-zinc-400">{children}</div>
        {!done && (
          <Link className={`${linkClass} mt-1 inline-block text-sm`} href={href}>
            {action} →
          </Link>
        )}
      </div>
    </li>
  );
}

export function FirstRunChecklist({ slug, status }: { slug: string; status: FirstRunStatus }) {
  const base = `/w/${slug}/settings`;
  const done = [status.domainVerified, status.scim === "connected", status.ssoConfigured].filter(Boolean).length;
  return (
    <section
      aria-labelledby="first-run-title"
      className="mb-6 rounded-xl border border-indigo-200 bg-indigo-50/60 p-5 dark:border-indigo-900 dark:bg-indigo-950/40"
    >
      <h2 id="first-run-title" className="text-base font-semibold">
        Set up your workspace
      </h2>
      <p className="mt-1 text-sm text-zinc-700 dark:text-zinc-300">
        {done} of 3 done. Your identity provider then adds your people here by itself.
      </p>
      <ol className="mt-4 space-y-4">
        <Item
          done={status.domainVerified}
          title="Verify your email domain"
          href={`${base}/domains`}
          action="Add and verify a domain"
        >
          Proves your organisation owns its addresses, so SCIM and SSO may manage those accounts.
        </Item>
        <Item
          done={status.scim === "connected"}
          title="Connect SCIM"
          href={`${base}#scim`}
          action={status.scim === "waiting" ? "Check the setup steps" : "Generate a token"}
        >
          {status.scim === "connected" ? (
            "Your identity provider’s requests are arriving."
          ) : status.scim === "waiting" ? (
            <ScimWaiting slug={slug} />
          ) : (
            "Generate a SCIM token and paste it, with the Base URL, into Entra ID or Okta."
          )}
        </Item>
        <Item done={status.ssoConfigured} title="Set up single sign-on" href={`${base}/sso`} action="Configure SSO">
          Lets your people sign in through the same identity provider.
        </Item>
      </ol>
    </section>
  );
}
