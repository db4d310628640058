// Which domain an email belongs to, and which domains no workspace may ever claim. A workspace manages the
// accounts on the domains it verified (README "Accounts and workspaces"); a public mail domain is shared by
// millions of unrelated people, so proving control of its DNS is impossible and claiming it meaningless.

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An address with a local part and a dotted domain: the shape accounts, invitations and SSO claims use. */
export function isEmailAddress(s: string | null | undefined): s is string {
  return !!s && EMAIL.test(s);
}

/** The lower-cased domain of an email address, or null when there is none. */
export function emailDomain(email: string | null | undefined): string | null {
  if (!email) return null;
  const at = email.lastIndexOf("@");
  if (at < 1) return null;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase()
    .replace(/\.$/, "");
  return domain || null;
}

// Consumer mail providers (and their regional aliases) seen most often in sign-ups. Extendable; the list
// only has to cover domains whose DNS a customer could never control anyway, so a miss is harmless.
const PUBLIC_MAIL_DOMAINS = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "hotmail.co.uk",
  "hotmail.fr",
  "hotmail.de",
  "live.com",
  "live.co.uk",
  "msn.com",
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "yahoo.de",
  "yahoo.co.jp",
  "ymail.com",
  "rocketmail.com",
  "aol.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "proton.me",
  "protonmail.com",
  "pm.me",
  "gmx.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "mail.com",
  "zoho.com",
  "yandex.com",
  "yandex.ru",
  "mail.ru",
  "qq.com",
  "163.com",
  "126.com",
  "naver.com",
  "hey.com",
  "fastmail.com",
  "tutanota.com",
  "tuta.io",
  "hushmail.com",
  "outlook.de",
  "outlook.fr",
  "t-online.de",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "libero.it",
  "seznam.cz",
  "wp.pl",
  "o2.pl",
  "interia.pl",
  "rediffmail.com",
]);

/** True for public mail domains (and their subdomains), which can never be verified by a workspace. */
export function isPublicMailDomain(domain: string): boolean {
  const labels = domain.toLowerCase().replace(/\.$/, "").split(".");
  return labels.some((_, i) => PUBLIC_MAIL_DOMAINS.has(labels.slice(i).join(".")));
}
