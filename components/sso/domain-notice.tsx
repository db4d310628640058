// Shown on the SSO and SCIM settings pages while the workspace has no verified domain. Domains are
// owner-only (lib/auth/session.ts requireOwner), so admins are told whom to ask instead of given the link.
import Link from "next/link";
import { Notice } from "./notice";

export function NoVerifiedDomainNotice({
  slug,
  feature,
  canVerify = true,
}: {
  slug: string;
  feature: "SSO" | "SCIM";
  canVerify?: boolean;
}) {
  return (
    <Notice kind="warning" title="No verified domain yet">
      {feature === "SSO"
        ? "Single sign-on starts from the email address people type in: its domain must be verified by this workspace. Until a domain is verified, nobody can sign in with SSO. "
        : "Verify the email domain your identity provider uses first, so that provisioned members can also sign in with single sign-on. "}
      {canVerify ? (
        <>
          <Link href={`/w/${slug}/settings/domains`} className="font-medium underline">
            Verify a domain
          </Link>
          .
        </>
      ) : (
        "Only an owner of this workspace can verify one."
      )}
    </Notice>
  );
}
