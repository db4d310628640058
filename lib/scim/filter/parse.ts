// SCIM filter parsing (RFC 7644 §3.4.2.2) and in-memory evaluation.
//
// The parser is hand-written so it can accept what real clients send, beyond the RFC grammar:
//   - unquoted values (`externalId eq jyoung`, `meta.Created gt 2015-10-10T14:38:21.8617979-07:00`),
//   - Entra's `emails[type eq "work"].value eq "x"` (both conditions must hold for the same element),
//   - operators and keywords in any case (`EQ`, `And`).
// Lexing is driven by the parser because what a token is depends on where it appears: a bare value may
// contain `:` `(` or `[`, an attribute name stops at `[`.

import type { AttrPath, CompareOp, Filter, FilterValue } from "./ast";
import { badRequest } from "../errors";
import { foldCase } from "../fold";
import { hasUnstorableText } from "@/lib/storable-text";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "../schema";

export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_DEPTH = 50;
/** Comparisons (and `pr`) in one filter, value-path conditions included. Entra and Okta send at most two;
 * the cap keeps one request from asking the database for unbounded work (issue 13). */
export const MAX_FILTER_TERMS = 10;
/** Terms that must read every candidate row's stored JSON (multi-valued attributes such as `emails`, and
 * attributes without a column of their own, such as the enterprise extension): on SQLite each one parses
 * the JSON of every member of the workspace on the event loop, so they are capped far lower. Enforced
 * where attributes are resolved (lib/services/scim/sql.ts). */
export const MAX_FILTER_JSON_SCANS = 3;

const COMPARE_OPS: readonly CompareOp[] = ["eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le"];
const OPERATOR_LIST = "eq, ne, co, sw, ew, gt, ge, lt, le, pr";
/** Characters of an attribute path token, URN prefix included (`urn:…:2.0:User:manager.value`, `$ref`). */
const NAME_CHAR = /[A-Za-z0-9_$:.-]/;
/** RFC 7643 ATTRNAME, plus a leading `$` for `$ref`. */
const ATTR_NAME = /^\$?[A-Za-z][A-Za-z0-9_-]*$/;
const URN = /^urn:[A-Za-z0-9._-]+(?::[A-Za-z0-9._-]+)+$/i;
/** JSON number grammar: `00123` is not a number, so it stays the string an unquoted id should be. */
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
/** Schemas whose URN clients may join to the attribute with a dot (Entra before Dec 2018: `…:2.0:User.manager`). */
const KNOWN_SCHEMAS = [USER_SCHEMA, GROUP_SCHEMA, ENTERPRISE_USER_SCHEMA];

const SIMPLE_ESCAPES: Record<string, string> = {
  '"': '"',
  "\\": "\\",
  "/": "/",
  b: "\b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
};

const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\r";

type ErrorKind = "invalidFilter" | "invalidPath";

/** Recursive-descent parser over one filter or PATCH path string. Exported for lib/scim/path.ts;
 * everything it throws is a 400 ScimError of the kind given to the constructor. */
export class FilterParser {
  pos = 0;
  private depth = 0;
  private inBrackets = false;
  private readonly src: string;

  constructor(
    input: string,
    private readonly kind: ErrorKind,
  ) {
    const label = kind === "invalidFilter" ? "filter" : "path";
    if (typeof input !== "string") throw badRequest(kind, `${label} must be a string`);
    if (input.length > MAX_FILTER_LENGTH) {
      throw badRequest(kind, `${label} is too long (${input.length} characters; the limit is ${MAX_FILTER_LENGTH})`);
    }
    this.src = input;
    this.skipSpace();
    if (this.pos >= this.src.length) throw badRequest(kind, `${label} is empty`);
  }

  private get label() {
    return this.kind === "invalidFilter" ? "filter" : "path";
  }

  fail(message: string, at = this.pos): never {
    throw badRequest(this.kind, `Invalid ${this.label} at position ${at + 1}: ${message} (found ${this.describe(at)})`);
  }

  /** A short, quoted excerpt of the input at `at`, so the error names the offending token. */
  private describe(at: number): string {
    if (at >= this.src.length) return `end of ${this.label}`;
    let end = at + 1;
    while (end < this.src.length && end - at < 40 && !isSpace(this.src[end])) end++;
    return JSON.stringify(this.src.slice(at, end));
  }

  peek(): string | undefined {
    return this.src[this.pos];
  }

  skipSpace() {
    while (isSpace(this.src[this.pos])) this.pos++;
  }

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  /** After the whole expression: only trailing whitespace may remain. */
  expectEnd(expected: string) {
    this.skipSpace();
    if (!this.atEnd()) this.fail(`expected ${expected}`);
  }

  private enter(at: number) {
    if (++this.depth > MAX_FILTER_DEPTH) this.fail(`nesting is deeper than ${MAX_FILTER_DEPTH} levels`, at);
  }

  private leave() {
    this.depth--;
  }

  /** The run of name characters at the cursor (does not move it). */
  private wordAt(at: number): string {
    let end = at;
    while (end < this.src.length && NAME_CHAR.test(this.src[end])) end++;
    return this.src.slice(at, end);
  }

  /** Consume `keyword` (case-insensitive, whole word) if it is next. */
  private takeKeyword(keyword: string): boolean {
    this.skipSpace();
    if (this.wordAt(this.pos).toLowerCase() !== keyword) return false;
    this.pos += keyword.length;
    return true;
  }

  // ---- grammar: or > and > not/group/attrExp --------------------------------------------------

  /** The whole input as one filter. */
  parseFilter(): Filter {
    const filter = this.parseOr();
    this.expectEnd(`"and", "or" or the end of the filter`);
    return filter;
  }

  private parseOr(): Filter {
    let left = this.parseAnd();
    while (this.takeKeyword("or")) left = { op: "or", left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): Filter {
    let left = this.parseUnary();
    while (this.takeKeyword("and")) left = { op: "and", left, right: this.parseUnary() };
    return left;
  }

  private parseUnary(): Filter {
    this.skipSpace();
    const start = this.pos;
    if (this.peek() === "(") {
      this.pos++;
      this.enter(start);
      const inner = this.parseOr();
      this.expectChar(")", `")" to close the "(" opened at position ${start + 1}`);
      this.leave();
      return inner;
    }
    if (this.takeKeyword("not")) {
      // RFC form is `not (…)`; `not attr eq x` is accepted too since it is unambiguous.
      this.enter(start);
      const inner = this.parseUnary();
      this.leave();
      return { op: "not", filter: inner };
    }
    return this.parseAttrExpression();
  }

  private expectChar(char: string, what: string) {
    this.skipSpace();
    if (this.peek() !== char) this.fail(`expected ${what}`);
    this.pos++;
  }

  /** `attr op value`, `attr pr`, `attr[filter]`, or Entra's `attr[filter].sub op value`. */
  private parseAttrExpression(): Filter {
    const path = this.readAttrPath();
    if (this.peek() !== "[") return this.parseComparison(path);
    const filter = this.readBracketFilter(path);
    if (this.peek() !== ".") return { op: "valuePath", path, filter };
    this.pos++;
    const sub = this.readSubAttr();
    return { op: "valuePath", path, filter: { op: "and", left: filter, right: this.parseComparison({ attr: sub }) } };
  }

  private parseComparison(path: AttrPath): Filter {
    this.skipSpace();
    const at = this.pos;
    const word = this.wordAt(at).toLowerCase();
    if (word === "pr") {
      this.pos += 2;
      return { op: "pr", path };
    }
    const op = COMPARE_OPS.find((o) => o === word);
    if (!op) this.fail(`expected an operator (${OPERATOR_LIST}) after "${formatPath(path)}"`, at);
    this.pos += 2;
    return { op, path, value: this.readValue(op) };
  }

  // ---- tokens --------------------------------------------------------------------------------

  /** An attribute path such as `name.givenName` or `urn:…:enterprise:2.0:User:manager.value`. */
  readAttrPath(): AttrPath {
    this.skipSpace();
    const start = this.pos;
    const name = this.wordAt(start);
    if (!name) this.fail(`expected an attribute name, "(" or "not"`, start);
    this.pos += name.length;
    return this.splitAttrPath(name, start);
  }

  private splitAttrPath(name: string, start: number): AttrPath {
    const lower = name.toLowerCase();
    const dotted = KNOWN_SCHEMAS.find((s) => lower.startsWith(s.toLowerCase() + "."));
    const known = KNOWN_SCHEMAS.find((s) => lower === s.toLowerCase());
    if (known) this.fail(`"${name}" is a schema URI, not an attribute; add ":attributeName" after it`, start);
    let uri: string | undefined;
    let rest = name;
    if (dotted) {
      uri = name.slice(0, dotted.length);
      rest = name.slice(dotted.length + 1);
    } else if (name.includes(":")) {
      // The URN itself contains colons and dots ("2.0"), so the attribute starts after the last colon.
      const colon = name.lastIndexOf(":");
      uri = name.slice(0, colon);
      rest = name.slice(colon + 1);
      if (!URN.test(uri)) this.fail(`"${uri}" is not a schema URN (expected "urn:…:attributeName")`, start);
    }
    const parts = rest.split(".");
    if (parts.length > 2) this.fail(`"${name}" has more than one sub-attribute; use "attribute.subAttribute"`, start);
    for (const part of parts) {
      if (!ATTR_NAME.test(part)) this.fail(`"${part || name}" is not a valid attribute name`, start);
    }
    return { ...(uri ? { uri } : {}), attr: parts[0], ...(parts.length === 2 ? { sub: parts[1] } : {}) };
  }

  /** `[valFilter]` after a multi-valued attribute; the cursor is on `[`. Paths inside are relative to
   * one element (`type`, `value`). */
  readBracketFilter(path: AttrPath): Filter {
    const start = this.pos;
    if (this.inBrackets) this.fail(`value filters cannot be nested`, start);
    if (path.sub !== undefined) this.fail(`a value filter "[…]" must follow an attribute, not a sub-attribute`, start);
    this.pos++;
    this.enter(start);
    this.inBrackets = true;
    const filter = this.parseOr();
    this.expectChar("]", `"]" to close the "[" opened at position ${start + 1}`);
    this.inBrackets = false;
    this.leave();
    return filter;
  }

  /** The sub-attribute name after `].`. */
  readSubAttr(): string {
    const start = this.pos;
    let end = start;
    while (end < this.src.length && /[A-Za-z0-9_$-]/.test(this.src[end])) end++;
    const name = this.src.slice(start, end);
    if (!ATTR_NAME.test(name)) this.fail(`expected a sub-attribute name after "]."`, start);
    this.pos = end;
    return name;
  }

  private readValue(op: CompareOp): FilterValue {
    this.skipSpace();
    if (this.peek() === '"') return this.readString();
    return this.readBareValue(op);
  }

  /** A JSON string literal; the cursor is on the opening quote. */
  private readString(): string {
    const start = this.pos;
    this.pos++;
    let out = "";
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) this.fail(`unterminated string: no closing '"'`, start);
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c !== "\\") {
        out += c;
        this.pos++;
        continue;
      }
      out += this.readEscape();
    }
  }

  private readEscape(): string {
    const at = this.pos;
    const e = this.src[at + 1];
    if (e !== undefined && Object.hasOwn(SIMPLE_ESCAPES, e)) {
      this.pos += 2;
      return SIMPLE_ESCAPES[e];
    }
    if (e === "u") {
      const hex = this.src.slice(at + 2, at + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail(`"\\u" must be followed by 4 hex digits`, at);
      this.pos += 6;
      return String.fromCharCode(parseInt(hex, 16));
    }
    if (e === undefined) this.fail(`unterminated string`, at);
    return this.fail(`invalid escape "\\${e}" in string (use \\", \\\\ or \\uXXXX)`, at);
  }

  /** An unquoted value: runs until whitespace, `)` or `]`. true/false/null and JSON numbers keep their
   * type; anything else is a string (Entra's `externalId eq jyoung`). */
  private readBareValue(op: CompareOp): FilterValue {
    const start = this.pos;
    while (this.pos < this.src.length && !isSpace(this.peek()) && this.peek() !== ")" && this.peek() !== "]") {
      if (this.peek() === '"') this.fail(`unexpected '"' inside an unquoted value; quote the whole value`);
      this.pos++;
    }
    const token = this.src.slice(start, this.pos);
    if (!token) this.fail(`expected a value after "${op}"`, start);
    const lower = token.toLowerCase();
    if (lower === "true") return true;
    if (lower === "false") return false;
    if (lower === "null") return null;
    if (JSON_NUMBER.test(token)) return Number(token);
    return token;
  }
}

/** Parse a SCIM filter. Throws a 400 ScimError with scimType `invalidFilter` for any malformed input. */
export function parseFilter(input: string): Filter {
  if (hasUnstorableText(input))
    throw badRequest("invalidFilter", "The filter contains a NUL character or an unpaired UTF-16 surrogate");
  const filter = new FilterParser(input, "invalidFilter").parseFilter();
  const terms = countTerms(filter);
  if (terms > MAX_FILTER_TERMS) {
    throw badRequest(
      "invalidFilter",
      `The filter has ${terms} terms; the limit is ${MAX_FILTER_TERMS} (split the query into several requests)`,
    );
  }
  return filter;
}

/** Comparisons and `pr` tests in a filter, those inside value paths included. */
export function countTerms(f: Filter): number {
  switch (f.op) {
    case "and":
    case "or":
      return countTerms(f.left) + countTerms(f.right);
    case "not":
      return countTerms(f.filter);
    case "valuePath":
      return countTerms(f.filter);
    default:
      return 1;
  }
}

/** `uri:attr.sub` as the client wrote it, for error messages. */
export function formatPath(p: AttrPath): string {
  return (p.uri ? p.uri + ":" : "") + p.attr + (p.sub !== undefined ? "." + p.sub : "");
}

/** Normalized lower-case key (`name.givenname`, `urn:…:enterprise:2.0:user:employeenumber`) for mapping
 * attribute paths to storage. */
export function attrPathKey(p: AttrPath): string {
  return formatPath(p).toLowerCase();
}

// ---- evaluation --------------------------------------------------------------------------------

export interface EvaluateOptions {
  /** Whether string comparison on this attribute is case-sensitive (schema `caseExact`). */
  caseExact: (path: AttrPath) => boolean;
}

/** Does `resource` match `filter`? Keys are looked up case-insensitively; a multi-valued attribute
 * matches if any of its values does. Inside a value path (`emails[type eq "work"]`) the filter is
 * evaluated on each element and `opts.caseExact` is asked about `emails.type`, not `type`. To evaluate
 * a bracket filter directly on one element (PATCH), pass a `caseExact` that qualifies the path itself. */
export function evaluateFilter(filter: Filter, resource: Record<string, unknown>, opts: EvaluateOptions): boolean {
  switch (filter.op) {
    case "and":
      return evaluateFilter(filter.left, resource, opts) && evaluateFilter(filter.right, resource, opts);
    case "or":
      return evaluateFilter(filter.left, resource, opts) || evaluateFilter(filter.right, resource, opts);
    case "not":
      return !evaluateFilter(filter.filter, resource, opts);
    case "valuePath":
      return matchValuePath(filter.path, filter.filter, resource, opts);
    case "pr":
      return resolve(resource, filter.path).some(isPresent);
    default:
      return compareAll(filter.op, resolve(resource, filter.path), filter.value, opts.caseExact(filter.path));
  }
}

function matchValuePath(path: AttrPath, filter: Filter, resource: Record<string, unknown>, opts: EvaluateOptions) {
  const inner: EvaluateOptions = { caseExact: (p) => opts.caseExact(qualify(path, p)) };
  return resolve(resource, path).some((el) => isObject(el) && evaluateFilter(filter, el, inner));
}

/** `type` inside `emails[…]` means `emails.type` for schema lookups. */
function qualify(outer: AttrPath, p: AttrPath): AttrPath {
  if (p.uri !== undefined || p.sub !== undefined) return p;
  return { ...(outer.uri ? { uri: outer.uri } : {}), attr: outer.attr, sub: p.attr };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Own property by case-insensitive name (own only: `constructor pr` must not find Object.prototype). */
function getKey(obj: unknown, key: string): unknown {
  if (!isObject(obj)) return undefined;
  if (Object.hasOwn(obj, key)) return obj[key];
  const lower = key.toLowerCase();
  const found = Object.keys(obj).find((k) => k.toLowerCase() === lower);
  return found === undefined ? undefined : obj[found];
}

const flatten = (values: unknown[]): unknown[] => values.flatMap((v) => (Array.isArray(v) ? v : [v]));

/** All values at `path`, arrays flattened; missing values are dropped. */
function resolve(resource: Record<string, unknown>, path: AttrPath): unknown[] {
  // An extension attribute lives under its URN key; a core-URN-prefixed one at the top level.
  const ext = path.uri ? getKey(resource, path.uri) : undefined;
  const base = isObject(ext) ? ext : resource;
  let values = flatten([getKey(base, path.attr)]);
  if (path.sub !== undefined) values = flatten(values.map((v) => getKey(v, path.sub!)));
  return values.filter((v) => v !== undefined);
}

function isPresent(v: unknown): boolean {
  return v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0);
}

function compareAll(op: CompareOp, values: unknown[], expected: FilterValue, caseExact: boolean): boolean {
  const present = values.filter((v) => v !== null);
  if (present.length === 0) return op === "eq" ? expected === null : op === "ne" ? expected !== null : false;
  if (expected === null) return op === "ne";
  // `emails eq "x"` on complex values compares their `value` sub-attribute.
  return present.some((v) => compareOne(op, isObject(v) ? getKey(v, "value") : v, expected, caseExact));
}

function compareOne(op: CompareOp, actual: unknown, expected: string | number | boolean, caseExact: boolean) {
  if (actual === undefined || actual === null || typeof actual === "object") return false;
  switch (op) {
    case "eq":
      return equals(actual, expected, caseExact);
    case "ne":
      return !equals(actual, expected, caseExact);
    case "co":
    case "sw":
    case "ew":
      return textMatch(op, String(actual), String(expected), caseExact);
    default: {
      const c = order(actual, expected, caseExact);
      if (c === undefined) return false;
      return op === "gt" ? c > 0 : op === "ge" ? c >= 0 : op === "lt" ? c < 0 : c <= 0;
    }
  }
}

const fold = (s: string, caseExact: boolean) => (caseExact ? s : foldCase(s));

function equals(actual: unknown, expected: string | number | boolean, caseExact: boolean): boolean {
  // Entra sends booleans as "True"/"False".
  if (typeof actual === "boolean" || typeof expected === "boolean") {
    const a = asBoolean(actual);
    return a !== undefined && a === asBoolean(expected);
  }
  if (typeof actual === "number" || typeof expected === "number") {
    const a = asNumber(actual);
    const e = asNumber(expected);
    if (a !== undefined && e !== undefined) return a === e;
  }
  const a = String(actual);
  const e = String(expected);
  const da = asDate(a);
  const de = asDate(e);
  if (da !== undefined && de !== undefined) return da === de;
  return fold(a, caseExact) === fold(e, caseExact);
}

function textMatch(op: "co" | "sw" | "ew", actual: string, expected: string, caseExact: boolean): boolean {
  const a = fold(actual, caseExact);
  const e = fold(expected, caseExact);
  return op === "co" ? a.includes(e) : op === "sw" ? a.startsWith(e) : a.endsWith(e);
}

/** Sign of actual − expected, or undefined when the two cannot be ordered (booleans, mixed types). */
function order(actual: unknown, expected: string | number | boolean, caseExact: boolean): number | undefined {
  if (typeof actual === "boolean" || typeof expected === "boolean") return undefined;
  if (typeof actual === "number" || typeof expected === "number") {
    const a = asNumber(actual);
    const e = asNumber(expected);
    return a === undefined || e === undefined ? undefined : Math.sign(a - e);
  }
  if (typeof actual !== "string") return undefined;
  const da = asDate(actual);
  const de = asDate(expected);
  if (da !== undefined && de !== undefined) return Math.sign(da - de);
  const a = fold(actual, caseExact);
  const e = fold(expected, caseExact);
  return a < e ? -1 : a > e ? 1 : 0;
}

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v !== "string") return undefined;
  const lower = v.toLowerCase();
  return lower === "true" ? true : lower === "false" ? false : undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  return typeof v === "string" && JSON_NUMBER.test(v) ? Number(v) : undefined;
}

/** ISO 8601 date or dateTime → epoch ms. The regex gate matters: Date.parse("1") is a valid date in V8. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?$/i;
function asDate(v: string): number | undefined {
  if (!ISO_DATE.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}
