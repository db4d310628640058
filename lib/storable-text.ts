// Text the databases can store alike. PostgreSQL text cannot hold U+0000 (the write or even a comparison
// fails), and an unpaired UTF-16 surrogate is not Unicode at all; SQLite would take both. Input carrying
// either is refused at the edges (SCIM bodies and filters, admin forms, sign-in), so both databases behave
// the same and no request turns into a 500.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const UNSTORABLE_ALL = new RegExp(UNSTORABLE.source, "g");

export function hasUnstorableText(s: string): boolean {
  return UNSTORABLE.test(s);
}

/** For text we must keep whatever it holds (log rows): each offending code unit becomes U+FFFD. */
export function toStorableText(s: string): string {
  return s.replace(UNSTORABLE_ALL, "\ufffd");
}

export const UNSTORABLE_MESSAGE =
  "Contains a character that cannot be saved (a NUL character or a broken Unicode sequence)";
