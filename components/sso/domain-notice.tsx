// Shown on the SSO and SCIM settings pages while the workspace has no verified domain.
import Link from "next/link";
import { Notice } from "./notice";

export function NoVerifiedDomainNotice({ slug, feature }: { slug: string; feature: "SSO" | "SCIM" }) {
  return (
    <Notice kind="warning" title="No verified domain yet">
      {feature === "SSO"
        ? "Single sign-on starts from the email address people type in: its domain must be verified by this workspace. Until a domain is verified, nobody can sign in with SSO. "
        : "Verify the email domain your identity provider uses first, so that provisioned members can also sign in with single sign-on. "}
      <Link href={`/w/${slug}/settings/domains`} className="font-medium underline">Verify a domain</Link>.
    </Notice>
  );
}
