// How strings with caseExact false compare (userName, emails, displayName): RFC 7643 §2.1 leaves case
// folding to the service provider. We compare in Unicode NFC, then lower case, so "José" sent precomposed
// (U+00E9) and decomposed (e + U+0301) is one userName and cannot be created twice as a look-alike.
// Values are stored as sent; only the key columns (userNameLower, emailLower, displayNameLower) and the
// values compared with them hold this form.
export function foldCase(s: string): string {
  // NFC leaves ASCII as it is: skipping it keeps the common case cheap (this runs for every name compared).
  return OUTSIDE_ASCII.test(s) ? s.normalize("NFC").toLowerCase() : s.toLowerCase();
}

// Printable ASCII (space to "~"); anything else, control characters included, takes the full path.
const OUTSIDE_ASCII = /[^ -~]/;
