// Why an SSO sign-in was refused. The code travels in the error page URL; the message is fixed here, so
// nothing an identity provider sends is ever echoed into the page.
export const SSO_ERRORS = {
  signature:
    "The identity provider's response was not signed, or its signature does not match the signing certificate configured for this workspace.",
  audience:
    "The assertion was issued for a different service provider (audience mismatch). Check the Identifier (Entity ID) configured in the identity provider.",
  recipient: "The response was addressed to a different Reply (ACS) URL than this workspace's.",
  issuer: "The response came from a different identity provider than the one configured for this workspace.",
  expired:
    "The sign-in response has expired or is not valid yet. Start again; if it keeps happening, check the clocks of the identity provider and this server.",
  replayed:
    "This sign-in response was already used. Responses are accepted once only: start again from the sign-in page.",
  request:
    "This response does not belong to a sign-in started here, or it took too long. Start again from the sign-in page.",
  malformed: "The identity provider's response could not be read.",
  no_email:
    'The identity provider did not send an email address. Add an "email" claim/attribute to the SSO configuration.',
  no_subject: "The identity provider did not send a NameID (subject).",
  idp_error: "The identity provider reported an error and did not sign you in.",
  unverified_domain:
    "Single sign-on is not available for this email address: its domain is not verified by any workspace.",
  domain_not_verified:
    "This workspace's identity provider can only sign in email addresses on the workspace's verified domains. Sign in with your own password, or with the SSO of the organisation that owns your email's domain.",
  account_not_managed:
    "This member joined with an account that this workspace's single sign-on does not manage (its email is not on the workspace's verified domains). Sign in with that account's own password.",
  not_configured:
    "Single sign-on is not set up for this workspace yet. Sign in with your password, or ask a workspace admin.",
  not_enterprise: "Single sign-on needs the Enterprise plan.",
  unknown_member:
    "You are not a member of this workspace yet. Ask your admin to assign you to the app in your identity provider (or to add you).",
  suspended:
    "Your membership in this workspace is suspended. Ask a workspace admin or your identity provider admin to reactivate it.",
  linked_elsewhere:
    "This member is already linked to a different identity at the identity provider. An admin can reset SSO links in the workspace's single sign-on settings.",
  ticket: "The sign-in link has expired or was already used. Start again.",
  oidc: "The OpenID Connect sign-in could not be completed (the identity provider's answer did not validate).",
  unreachable: "The identity provider could not be reached. Try again later.",
} as const;

export type SsoErrorCode = keyof typeof SSO_ERRORS;

export class SsoError extends Error {
  constructor(
    readonly code: SsoErrorCode,
    detail?: string,
  ) {
    super(detail ? `${SSO_ERRORS[code]} (${detail})` : SSO_ERRORS[code]);
    this.name = "SsoError";
  }
}

export function isSsoErrorCode(s: string | undefined): s is SsoErrorCode {
  return !!s && Object.prototype.hasOwnProperty.call(SSO_ERRORS, s);
}
