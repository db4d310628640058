// What to enter at the identity provider, for Entra ID and Okta, SAML and OIDC.
export function SamlRequirements() {
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      <li>
        <strong>NameID format: persistent</strong> (<code>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</code>),
        from an attribute that never changes, so an email change keeps the link.
      </li>
      <li>
        <strong>email</strong> attribute: <strong>required</strong>. It must equal the member&apos;s SCIM{" "}
        <code>userName</code> (or work email) for the first sign-in to match.
      </li>
      <li>
        <strong>firstName</strong> and <strong>lastName</strong> attributes: optional, recommended (used when a member
        is created just in time).
      </li>
      <li>
        The response or the assertion must be signed (SHA-256). Sign-in is started here (SP-initiated); IdP-initiated
        sign-in is not accepted.
      </li>
    </ul>
  );
}

export function EntraSamlSteps() {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm">
      <li>
        Open the same Enterprise application you use for SCIM provisioning → <strong>Single sign-on</strong> →{" "}
        <strong>SAML</strong>.
      </li>
      <li>
        <strong>Basic SAML Configuration</strong>: Identifier (Entity ID) = the SP Entity ID above; Reply URL (ACS) =
        the ACS URL above. Or upload the metadata from the Metadata URL.
      </li>
      <li>
        <strong>Attributes &amp; Claims</strong>: edit <em>Unique User Identifier (Name ID)</em>, choose format{" "}
        <strong>Persistent</strong> and the same source attribute as SCIM&apos;s <code>externalId</code> (e.g.{" "}
        <code>user.objectid</code>). Add a claim named <code>email</code> ← <code>user.userprincipalname</code> (or{" "}
        <code>user.mail</code>: whichever SCIM maps to <code>userName</code>); optionally <code>firstName</code> ←{" "}
        <code>user.givenname</code>, <code>lastName</code> ← <code>user.surname</code>.
      </li>
      <li>
        <strong>SAML Certificates</strong>: copy the <em>App Federation Metadata Url</em> into the Metadata URL field
        below (or download <em>Federation Metadata XML</em> and upload it).
      </li>
      <li>
        Assign the same users and groups as for provisioning, then press <strong>Test SSO</strong> here.
      </li>
    </ol>
  );
}

export function OktaSamlSteps() {
  return (
    <ol className="list-decimal space-y-1 pl-5 text-sm">
      <li>
        In the app integration → <strong>General → SAML Settings</strong>: Single sign-on URL = the ACS URL (check{" "}
        <em>Use this for Recipient URL and Destination URL</em>); Audience URI = the SP Entity ID.
      </li>
      <li>
        Name ID format <strong>Persistent</strong>; Application username = the same value SCIM sends as{" "}
        <code>userName</code> (usually Email or Okta username).
      </li>
      <li>
        Attribute statements: <code>email</code> ← <code>user.email</code>; optionally <code>firstName</code> ←{" "}
        <code>user.firstName</code>, <code>lastName</code> ← <code>user.lastName</code>.
      </li>
      <li>
        <strong>Sign On</strong> tab: copy the <em>Metadata URL</em> into the field below, then press{" "}
        <strong>Test SSO</strong>.
      </li>
    </ol>
  );
}

export function OidcSteps({ redirectUri }: { redirectUri: string }) {
  return (
    <ul className="list-disc space-y-1 pl-5 text-sm">
      <li>
        <strong>Entra ID</strong>: App registrations → New registration → Web platform, Redirect URI{" "}
        <code>{redirectUri}</code>. Issuer = <code>https://login.microsoftonline.com/&lt;tenant-id&gt;/v2.0</code>;
        client ID = Application (client) ID; create a client secret under <em>Certificates &amp; secrets</em>. Add the
        optional <code>email</code> claim (Token configuration) or make sure <code>preferred_username</code> equals
        SCIM&apos;s <code>userName</code>.
      </li>
      <li>
        <strong>Okta</strong>: Applications → Create App Integration → OIDC, Web Application; Sign-in redirect URI{" "}
        <code>{redirectUri}</code>; issuer = <code>https://&lt;your-org&gt;.okta.com</code>; copy the client ID and
        secret.
      </li>
      <li>
        Scopes requested: <code>openid email profile</code>. The <code>sub</code> claim is stored as the member&apos;s
        link.
      </li>
    </ul>
  );
}
