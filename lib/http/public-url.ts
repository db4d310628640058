// Whether a URL can be reached by a cloud identity provider: https:// on a public host name or address.
// Entra ID's "Test Connection" and Okta's connector run in their clouds, so a Base URL on http://, on
// localhost, on a private address or on a name without a dot never works there. Pure; no DNS lookups (a
// public name that resolves to a private address is not caught here).
import { isIP } from "node:net";

function privateIp(host: string): boolean {
  const v = isIP(host);
  if (v === 4) {
    const [a, b] = host.split(".").map(Number);
    return (
      a === 10 ||
      a === 127 ||
      a === 0 ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168) ||
      (a === 100 && b >= 64 && b <= 127)
    );
  }
  if (v === 6) {
    const h = host.toLowerCase();
    return (
      h === "::1" ||
      h === "::" ||
      h.startsWith("fc") ||
      h.startsWith("fd") ||
      h.startsWith("fe80") ||
      h.startsWith("::ffff:")
    );
  }
  return false;
}

/** Why an identity provider in the cloud cannot reach `url`, or null when it looks reachable. */
export function unreachableReason(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return "it is not a valid URL";
  }
  const host = u.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || privateIp(host))
    return `${host} is this machine or a private network address`;
  if (!isIP(host) && (!host.includes(".") || /\.(local|internal|lan|home|test|example|invalid)$/.test(host)))
    return `${host} is not a public host name`;
  if (u.protocol !== "https:") return "it uses http:// instead of https://";
  return null;
}
