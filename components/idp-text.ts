// Wording shared by every place that shows an identity-provider-managed value.
export const IDP_MANAGED_TIP =
  "Managed by your identity provider over SCIM: change this in your identity provider (Entra ID or Okta), not here.";
