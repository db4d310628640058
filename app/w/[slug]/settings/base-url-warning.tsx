// Warns when the SCIM Base URL cannot be reached from an identity provider's cloud (APP_URL on http://,
// localhost or a private address): Entra's Test Connection would fail with an unhelpful error.
import { unreachableReason } from "@/lib/http/public-url";

export function BaseUrlWarning({ baseUrl }: { baseUrl: string }) {
  const why = unreachableReason(baseUrl);
  if (!why) return null;
  return (
    <p
      role="note"
      className="mt-3 max-w-2xl rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
    >
      <strong>Entra ID and Okta cannot reach this Base URL</strong>: {why}. Their Test Connection runs in their cloud
      and needs a public <code>https://</code> address. Set <code>APP_URL</code> to the address this server is reachable
      at (for example behind a reverse proxy with a certificate) and restart it.
    </p>
  );
}
