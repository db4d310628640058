// How strings with caseExact false compare (userName, emails, displayName): RFC 7643 §2.1 leaves case
// folding to the service provider. We compare in Unicode NFC, then lower case, so "José" sent precomposed
// (U+00E9) and decomposed (e + U+0301) is one userName and cannot be created twice as a look-alike.
// Values are stored as sent; only the key columns (userNameLower, emailLower, displayNameLower) and the
// values compared with them hold this form.
export function foldCase(s: string): string {
  return s.normalize("NFC").toLowerCase();
}
