import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/sso/action-form";
import { CopyField } from "@/components/sso/copy-field";
import { PageHeader } from "@/components/page-header";
import { Notice } from "@/components/sso/notice";
import { Section } from "@/components/sso/section";
import { requireOwner } from "@/lib/auth/session";
import { domainStatus, listDomains, txtValue } from "@/lib/services/domains";
import { addDomainAction, removeDomainAction, renewDomainAction, verifyDomainAction } from "./actions";
import { Input } from "../sso/inputs";
import { DomainRowActions } from "./domain-row-actions";

export const metadata: Metadata = { title: "Verified domains" };
export const dynamic = "force-dynamic";

const BADGE = {
  verified: "bg-green-100 text-green-800 dark:bg-green-950 dark:text-green-200",
  pending: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-200",
  expired: "bg-red-100 text-red-800 dark:bg-red-950 dark:text-red-200",
} as const;
const LABEL = { verified: "Verified", pending: "Pending verification", expired: "Code expired" } as const;

export default async function DomainsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { workspace } = await requireOwner(slug);
  const domains = await listDomains(workspace.id);
  const now = new Date();
  return (
    <div className="space-y-6">
      <PageHeader
        title="Verified domains"
        description={
          <>
            Prove that your organisation owns its email domains. Single sign-on finds this workspace from the domain of
            the email address people sign in with, and SCIM-provisioned members sign in through it. A domain can be
            verified by one workspace only.{" "}
            <Link href={`/w/${slug}/settings/sso`} className="underline">
              Single sign-on
            </Link>
          </>
        }
      />

      <Section title="Add a domain" id="add-domain">
        <ActionForm
          action={addDomainAction.bind(null, slug)}
          submit="Add domain"
          pendingLabel="Adding…"
          className="space-y-3"
        >
          <div className="max-w-sm">
            <Input
              name="domain"
              label="Domain"
              placeholder="example.com"
              required
              hint="The part after the @ in your members' email addresses."
            />
          </div>
        </ActionForm>
      </Section>

      <Section title="Domains" id="domains">
        {domains.length === 0 ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">No domains yet.</p>
        ) : (
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {domains.map((d) => {
              const status = domainStatus(d, now);
              return (
                <li key={d.id} className="space-y-3 py-4" aria-label={d.domain}>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <div className="flex items-center gap-2">
                      <span className="font-medium">{d.domain}</span>
                      <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${BADGE[status]}`}>
                        {LABEL[status]}
                      </span>
                    </div>
                    <DomainRowActions
                      domain={d.domain}
                      verified={status === "verified"}
                      expired={status === "expired"}
                      verify={verifyDomainAction.bind(null, slug, d.id)}
                      renew={renewDomainAction.bind(null, slug, d.id)}
                      remove={removeDomainAction.bind(null, slug, d.id)}
                    />
                  </div>
                  {status === "verified" ? (
                    <p className="text-sm text-zinc-600 dark:text-zinc-400">
                      Verified {d.verifiedAt!.toISOString().slice(0, 10)}. You can remove the TXT record now.
                    </p>
                  ) : (
                    <>
                      <p className="text-sm">
                        Add this <strong>TXT</strong> record at your DNS provider for <code>{d.domain}</code> (host/name{" "}
                        <code>@</code>), then press <strong>Verify</strong>.
                        {status === "pending" ? (
                          <> The code is valid until {d.expiresAt.toISOString().slice(0, 10)} (4 weeks).</>
                        ) : (
                          <>
                            {" "}
                            This code expired on {d.expiresAt.toISOString().slice(0, 10)}: press{" "}
                            <strong>New code</strong> and update the record.
                          </>
                        )}
                      </p>
                      <div className="grid gap-3 sm:grid-cols-[1fr_2fr]">
                        <CopyField id={`txt-name-${d.id}`} label="Name" value={d.domain} />
                        <CopyField id={`txt-value-${d.id}`} label="TXT value" value={txtValue(d)} />
                      </div>
                      {d.lastError && (
                        <Notice kind="error" title="Not verified">
                          {d.lastError}
                        </Notice>
                      )}
                    </>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Section>
    </div>
  );
}
