// PATCH on multi-valued complex attributes (emails, phoneNumbers, addresses, roles, …), including the
// value paths Entra sends (`emails[type eq "work"].value`) and its create-on-absent expectation.
import { badRequest } from "../errors";
import type { Filter, PatchPath } from "../filter/ast";
import { evaluateFilter } from "../filter/parse";
import { isCaseExact, type AttributeDef } from "../schema";
import type { PatchOpName } from "./types";
import { coerceSimple, drop, findSubAttribute, isBlank, isPlainObject, put, sameText, type JsonObject } from "./values";

/** Attributes whose `type` values must be unique (Entra: "there can't be two different email addresses
 * with the 'work' subtype"), so adding a `work` element replaces the existing `work` element.
 * Roles and entitlements are left out: Entra gives every role the same type. */
const TYPE_UNIQUE = new Set(["emails", "phoneNumbers", "addresses", "ims", "photos"]);

interface Change {
  list: unknown[];
  /** elements this operation created or changed; used to keep a single `primary: true` */
  touched: JsonObject[];
}

export function applyMultiValued(
  container: JsonObject,
  def: AttributeDef,
  op: PatchOpName,
  path: Pick<PatchPath, "filter" | "sub">,
  value: unknown,
  label: string,
): void {
  const current = container[def.name];
  const change: Change = { list: Array.isArray(current) ? [...current] : [], touched: [] };
  if (!path.filter && path.sub === undefined) applyToWhole(change, def, op, value, label);
  else applyToElements(change, def, op, path, value, label);

  keepSinglePrimary(change);
  if (change.list.length > 0) put(container, def.name, change.list);
  else drop(container, def.name);
}

/** `"path": "emails"` with no filter: replace swaps the array, add merges, remove drops it all
 * (or, Entra-style, only the elements listed in `value`). */
function applyToWhole(change: Change, def: AttributeDef, op: PatchOpName, value: unknown, label: string) {
  if (op === "remove") {
    if (isBlank(value)) change.list = [];
    else {
      const listed = toElements(value, def, label).filter((e) => Object.keys(e).length > 0);
      change.list = change.list.filter((e) => !listed.some((item) => isPlainObject(e) && containsAll(e, item)));
    }
    return;
  }
  const incoming = isBlank(value) ? [] : toElements(value, def, label).filter((e) => Object.keys(e).length > 0);
  if (op === "replace") {
    change.list = incoming;
    change.touched = incoming;
    return;
  }
  for (const element of incoming) addElement(change, def, element);
}

function addElement(change: Change, def: AttributeDef, element: JsonObject) {
  const index = change.list.findIndex((e) => isPlainObject(e) && occupiesSameSlot(e, element, def));
  if (index >= 0) change.list[index] = element;
  else change.list.push(element);
  change.touched.push(element);
}

/** Does `element` take the place of `existing`? Same type where types are unique, else the same value. */
function occupiesSameSlot(existing: JsonObject, element: JsonObject, def: AttributeDef): boolean {
  if (TYPE_UNIQUE.has(def.name) && element.type !== undefined) return sameText(existing.type, element.type);
  if (element.value === undefined) return false;
  return looseEqual(existing.value, element.value) && looseEqual(existing.type, element.type);
}

/** `emails[type eq "work"].value`, `emails[type eq "work"]`, or `emails.value` (every element). */
function applyToElements(
  change: Change,
  def: AttributeDef,
  op: PatchOpName,
  path: Pick<PatchPath, "filter" | "sub">,
  value: unknown,
  label: string,
) {
  const subDef = path.sub === undefined ? undefined : findSubAttribute(def, path.sub);
  if (path.sub !== undefined && !subDef) return; // unknown sub-attribute: ignored like unknown attributes
  const matches = change.list.filter(
    (e): e is JsonObject => isPlainObject(e) && (!path.filter || matchesFilter(path.filter, e, def)),
  );

  if (op === "remove" || isBlank(value)) {
    removeFromElements(change, matches, subDef);
  } else if (matches.length > 0) {
    for (const element of matches) {
      if (subDef) put(element, subDef.name, coerceSimple(subDef, value, label));
      else mergeInto(element, value, def, label);
      change.touched.push(element);
    }
  } else {
    createElement(change, def, path.filter, subDef, value, label);
  }
}

/** Entra sends Add *and* Replace on `emails[type eq "work"].value` when the user has no work email yet
 * and expects the element to appear, so build it from the filter's `eq` conditions. */
function createElement(
  change: Change,
  def: AttributeDef,
  filter: Filter | undefined,
  subDef: AttributeDef | undefined,
  value: unknown,
  label: string,
) {
  const seed = filter ? seedFromFilter(filter, def, label) : {};
  if (!seed) return; // e.g. `emails[value co "x"]`: nothing to build the element from
  const element = subDef
    ? { ...seed, [subDef.name]: coerceSimple(subDef, value, label) }
    : { ...seed, ...toElement(value, def, label) };
  change.list.push(element);
  change.touched.push(element);
}

/** `type eq "work" and primary eq true` → `{type: "work", primary: true}`; anything else → undefined. */
function seedFromFilter(filter: Filter, def: AttributeDef, label: string): JsonObject | undefined {
  if (filter.op === "and") {
    const left = seedFromFilter(filter.left, def, label);
    const right = seedFromFilter(filter.right, def, label);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.op !== "eq" || filter.path.uri || filter.value === null) return undefined;
  const subDef = findSubAttribute(def, elementAttrName(filter.path, def));
  if (!subDef) return undefined;
  return { [subDef.name]: coerceSimple(subDef, filter.value, `${label} filter`) };
}

/** Inside `emails[...]` a path is relative (`type`); tolerate the qualified form `emails.type` too. */
function elementAttrName(path: { attr: string; sub?: string }, def: AttributeDef): string {
  return path.sub !== undefined && sameText(path.attr, def.name) ? path.sub : path.attr;
}

function matchesFilter(filter: Filter, element: JsonObject, def: AttributeDef): boolean {
  return evaluateFilter(filter, element, {
    caseExact: (p) => isCaseExact("User", { attr: def.name, sub: elementAttrName(p, def) }),
  });
}

/** Remove a sub-attribute from the matches (dropping elements left with only type/primary), or the
 * matching elements themselves. Nothing matching is fine: the attribute is already gone. */
function removeFromElements(change: Change, matches: JsonObject[], subDef: AttributeDef | undefined) {
  if (subDef) for (const element of matches) drop(element, subDef.name);
  const gone = (e: JsonObject) => !subDef || isHollow(e);
  change.list = change.list.filter((e) => !(isPlainObject(e) && matches.includes(e) && gone(e)));
}

const isHollow = (element: JsonObject) => Object.keys(element).every((k) => k === "type" || k === "primary");

/** RFC 7644 §3.5.2.3: a complex value replaces only the sub-attributes it names; blanks clear them. */
function mergeInto(element: JsonObject, value: unknown, def: AttributeDef, label: string) {
  if (!isPlainObject(value)) throw badRequest("invalidValue", `${label} needs an object value`);
  for (const [key, sub] of Object.entries(value)) {
    const subDef = findSubAttribute(def, key);
    if (!subDef) continue;
    if (isBlank(sub)) drop(element, subDef.name);
    else put(element, subDef.name, coerceSimple(subDef, sub, `${label}.${subDef.name}`));
  }
}

function toElements(value: unknown, def: AttributeDef, label: string): JsonObject[] {
  return (Array.isArray(value) ? value : [value]).map((v) => toElement(v, def, label));
}

/** Canonical sub-attribute names, booleans coerced (`"primary": "True"`), unknown and null keys dropped.
 * A bare string is taken as the element's `value`. */
function toElement(raw: unknown, def: AttributeDef, label: string): JsonObject {
  const valueDef = findSubAttribute(def, "value");
  if ((typeof raw === "string" || typeof raw === "number") && valueDef) {
    return { value: coerceSimple(valueDef, raw, `${label}.value`) };
  }
  if (!isPlainObject(raw)) throw badRequest("invalidValue", `${label} elements must be objects`);
  const element: JsonObject = {};
  for (const [key, sub] of Object.entries(raw)) {
    const subDef = findSubAttribute(def, key);
    if (!subDef || isBlank(sub)) continue;
    element[subDef.name] = coerceSimple(subDef, sub, `${label}.${subDef.name}`);
  }
  return element;
}

/** Does `element` carry every sub-attribute of `item`? Used for Entra-style remove-by-value. */
function containsAll(element: JsonObject, item: JsonObject): boolean {
  return Object.entries(item).every(([key, v]) => looseEqual(element[key], v));
}

/** Sub-attributes of these attributes are all caseExact: false (RFC 7643 §4.1.2). */
const looseEqual = (a: unknown, b: unknown) => a === b || sameText(a, b);

/** RFC 7643 §2.4: `primary: true` may appear at most once; the element this op touched wins. */
function keepSinglePrimary(change: Change) {
  const chosen = change.touched.filter((e) => e.primary === true).at(-1);
  if (!chosen) return;
  for (const element of change.list) {
    if (isPlainObject(element) && element !== chosen && element.primary === true) element.primary = false;
  }
}
