// Query parameters and the envelope of list responses (RFC 7644 §3.4.2).
import type { AttrPath } from "./filter/ast";
import { LIST_RESPONSE_SCHEMA } from "./schema";
import { parseAttrRef } from "./projection";

/** Largest page we serve; also advertised as `filter.maxResults` in ServiceProviderConfig. */
export const MAX_PAGE_SIZE = 200;
/** Page size when the client sends no `count` (Okta pages with count=100 anyway). */
export const DEFAULT_PAGE_SIZE = 100;

export type SortOrder = "ascending" | "descending";

/** Query parameter names compared case-insensitively: clients are as sloppy with these as with
 * attribute names, and a rejected page request stalls a whole sync. */
function param(searchParams: URLSearchParams, name: string): string | null {
  const exact = searchParams.get(name);
  if (exact !== null) return exact;
  for (const [key, value] of searchParams) if (key.toLowerCase() === name.toLowerCase()) return value;
  return null;
}

function integerParam(searchParams: URLSearchParams, name: string): number | undefined {
  const text = param(searchParams, name)?.trim();
  if (!text) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? Math.trunc(n) : undefined;
}

/** 1-based `startIndex` (values below 1 or unparsable → 1, as RFC 7644 §3.4.2.4 says) and `count`
 * (negative → 0, above `maxCount` → `maxCount`, missing → the default page size). */
export function parsePagination(
  searchParams: URLSearchParams,
  maxCount: number = MAX_PAGE_SIZE,
): { startIndex: number; count: number } {
  const start = integerParam(searchParams, "startIndex");
  const count = integerParam(searchParams, "count") ?? Math.min(DEFAULT_PAGE_SIZE, maxCount);
  return {
    startIndex: start === undefined || start < 1 ? 1 : start,
    count: Math.min(Math.max(count, 0), maxCount),
  };
}

/** `sortBy` (an attribute path, possibly URN-qualified) and `sortOrder` (default ascending). */
export function parseSort(searchParams: URLSearchParams): { sortBy?: AttrPath; sortOrder: SortOrder } {
  const sortBy = param(searchParams, "sortBy")?.trim();
  const order = param(searchParams, "sortOrder")?.trim().toLowerCase();
  const sortOrder: SortOrder = order === "descending" ? "descending" : "ascending";
  return sortBy ? { sortBy: parseAttrRef(sortBy), sortOrder } : { sortOrder };
}

export interface ListResponse<T> {
  schemas: [typeof LIST_RESPONSE_SCHEMA];
  totalResults: number;
  startIndex: number;
  itemsPerPage: number;
  Resources: T[];
}

/** The ListResponse envelope. `Resources` is always present (`[]` when empty): Microsoft's Postman
 * collection asserts it. */
export function listResponse<T>(resources: T[], page: { totalResults: number; startIndex: number }): ListResponse<T> {
  return {
    schemas: [LIST_RESPONSE_SCHEMA],
    totalResults: page.totalResults,
    startIndex: page.startIndex,
    itemsPerPage: resources.length,
    Resources: resources,
  };
}
