// Outbound HTTP for the SSO settings (SAML metadata URL, OIDC discovery, token and key endpoints): the
// URL comes from an admin's form, so it must not turn the server into a proxy into its own network (SSRF).
//
// - https only; plain http and any internal address only for hosts named in SSO_FETCH_ALLOW_HOSTS
//   (`name` or `name:port`, comma-separated: an IdP on the company network, or the tests' loopback IdPs);
// - every address a name resolves to must be public: loopback, private, link-local, CGNAT, multicast,
//   reserved, and IPv6 forms that embed one of those (mapped, NAT64, 6to4) are refused. The check runs in
//   the socket's own DNS lookup, so the address connected to is the address checked (no DNS rebinding);
//   IP literals in any spelling (`2130706433`, `0x7f000001`: the URL parser turns them into dotted quads)
//   are checked before connecting;
// - redirects are followed by hand (GET only, at most 5), each hop checked like the first URL;
// - the whole exchange has a deadline and the body a size cap;
// - every failure is the same SsoFetchError with one fixed message, so the text cannot tell a closed port
//   from an open one, a non-HTTP service, a timeout or a refused address.
import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { config } from "@/lib/config";

export const SSO_FETCH_ERROR =
  "The address could not be fetched. It must be a public https:// address (not a loopback, private or link-local one) that answers with HTTP 200 within 10 seconds and at most 1 MB.";

export class SsoFetchError extends Error {
  constructor(readonly reason: string) {
    super(SSO_FETCH_ERROR);
    this.name = "SsoFetchError";
  }
}

export const MAX_FETCH_BYTES = 1_000_000;
const MAX_REDIRECTS = 5;

export interface SafeFetchOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array | null;
  timeoutMs?: number;
  maxBytes?: number;
  /** an outer signal (openid-client's own timeout) */
  signal?: AbortSignal | null;
  /** follow redirects (GET only); openid-client asks for `redirect: "manual"` */
  followRedirects?: boolean;
}

/** Hosts (`name` or `name:port`, lower-case) that may be fetched over http and on internal addresses. */
function allowedHosts(): string[] {
  return config().SSO_FETCH_ALLOW_HOSTS;
}

export function isAllowedHost(u: URL): boolean {
  const host = u.hostname.toLowerCase();
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return allowedHosts().some((h) => h === host || h === `${host}:${port}`);
}

// ---- address classification --------------------------------------------------------------------

function v4ToInt(a: string): number | null {
  const parts = a.split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return null;
    n = n * 256 + Number(p);
  }
  return n;
}

const V4_BLOCKED: [string, number][] = [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
];

function publicV4(n: number): boolean {
  return !V4_BLOCKED.some(([base, bits]) => {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    return (n & mask) >>> 0 === (v4ToInt(base)! & mask) >>> 0;
  });
}

/** The eight 16-bit groups of an IPv6 address (an embedded dotted quad allowed), or null. */
function v6Groups(a: string): number[] | null {
  let s = a.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (dotted) {
    const n = v4ToInt(dotted[1]);
    if (n === null) return null;
    s = s.slice(0, -dotted[1].length) + `${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (h: string) =>
    h === "" ? [] : h.split(":").map((g) => (/^[0-9a-f]{1,4}$/i.test(g) ? parseInt(g, 16) : NaN));
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 1) return null;
  const groups = [...head, ...Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return groups.some(Number.isNaN) ? null : groups;
}

/** Is this IP address (v4 or v6, any embedded v4 included) one the public internet routes to? Anything
 * unparseable counts as not public. */
export function isPublicAddress(address: string): boolean {
  if (net.isIPv4(address)) return publicV4(v4ToInt(address)!);
  const g = v6Groups(address);
  if (!g) return false;
  const v4 = (hi: number, lo: number) => ((g[hi] << 16) | g[lo]) >>> 0;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 8)) return false; // ::
  if (zero(0, 7) && g[7] === 1) return false; // ::1
  if (zero(0, 5) && g[5] === 0xffff) return publicV4(v4(6, 7)); // ::ffff:a.b.c.d
  if (zero(0, 6)) return false; // ::a.b.c.d (deprecated IPv4-compatible)
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return publicV4(v4(6, 7)); // NAT64
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return false; // local-use NAT64
  if (g[0] === 0x2002) return publicV4(v4(1, 2)); // 6to4
  if (g[0] === 0x100 && zero(1, 4)) return false; // discard-only
  if (g[0] === 0x2001 && g[1] < 0x200) return false; // IETF protocol assignments, Teredo
  if (g[0] === 0x2001 && g[1] === 0xdb8) return false; // documentation
  if ((g[0] & 0xfe00) === 0xfc00) return false; // unique local
  if ((g[0] & 0xffc0) === 0xfe80 || (g[0] & 0xffc0) === 0xfec0) return false; // link-local, site-local
  if ((g[0] & 0xff00) === 0xff00) return false; // multicast
  return true;
}

// ---- fetching -----------------------------------------------------------------------------------

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** dns.lookup that refuses names resolving to any non-public address (all of them must be public). */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback) {
  dns.lookup(hostname, { all: true, family: options.family ?? 0 }, (err, addresses) => {
    if (err) return callback(err, "");
    if (addresses.length === 0 || !addresses.every((a) => isPublicAddress(a.address))) {
      return callback(Object.assign(new Error("refused address"), { code: "EREFUSED_ADDRESS" }), "");
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

/** Checks one URL before connecting; returns whether internal addresses are allowed for it. */
function checkUrl(u: URL): boolean {
  const allowed = isAllowedHost(u);
  if (u.protocol !== "https:" && !(u.protocol === "http:" && allowed))
    throw new SsoFetchError(`protocol ${u.protocol}`);
  if (u.username || u.password) throw new SsoFetchError("credentials in URL");
  const literal = u.hostname.replace(/^\[|\]$/g, "");
  if (!allowed && net.isIP(literal) && !isPublicAddress(literal)) throw new SsoFetchError(`address ${literal}`);
  return allowed;
}

interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

function requestOnce(
  u: URL,
  opts: SafeFetchOptions,
  allowInternal: boolean,
  signal: AbortSignal,
  maxBytes: number,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const mod = u.protocol === "https:" ? https : http;
    const req = mod.request(u, {
      method: opts.method ?? "GET",
      headers: opts.headers,
      signal,
      ...(allowInternal ? {} : { lookup: guardedLookup as unknown as net.LookupFunction }),
    });
    req.on("error", (e) => reject(new SsoFetchError(e.message)));
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) {
          req.destroy();
          reject(new SsoFetchError("too large"));
          return;
        }
        chunks.push(c);
      });
      res.on("error", (e) => reject(new SsoFetchError(e.message)));
      res.on("end", () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (Array.isArray(v)) v.forEach((x) => headers.append(k, x));
          else if (v !== undefined) headers.set(k, v);
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.end(opts.body ?? undefined);
  });
}

/** Fetches `url` under the rules above and returns a web Response (body fully read, within the cap). */
export async function safeFetch(url: string | URL, opts: SafeFetchOptions = {}): Promise<Response> {
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  const maxBytes = opts.maxBytes ?? MAX_FETCH_BYTES;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new SsoFetchError("invalid URL");
  }
  const method = (opts.method ?? "GET").toUpperCase();
  for (let hop = 0; ; hop++) {
    const allowInternal = checkUrl(u);
    const res = await requestOnce(u, opts, allowInternal, signal, maxBytes);
    const location = res.headers.get("location");
    if (
      opts.followRedirects !== false &&
      method === "GET" &&
      [301, 302, 303, 307, 308].includes(res.status) &&
      location
    ) {
      if (hop >= MAX_REDIRECTS) throw new SsoFetchError("too many redirects");
      try {
        u = new URL(location, u);
      } catch {
        throw new SsoFetchError("bad redirect");
      }
      continue;
    }
    const nullBody = [101, 204, 205, 304].includes(res.status);
    return new Response(nullBody ? null : new Uint8Array(res.body), { status: res.status, headers: res.headers });
  }
}

/** A `fetch` for openid-client (its `customFetch`): the same rules for discovery, JWKS, token and
 * userinfo requests. */
export async function safeFetchForOidc(
  url: string,
  init: {
    method?: string;
    headers?: Record<string, string> | Headers;
    body?: unknown;
    signal?: AbortSignal | null;
    redirect?: string;
  },
): Promise<Response> {
  const headers: Record<string, string> = {};
  new Headers(init.headers as HeadersInit | undefined).forEach((v, k) => (headers[k] = v));
  let body: string | Uint8Array | null = null;
  if (typeof init.body === "string") body = init.body;
  else if (init.body instanceof URLSearchParams) body = init.body.toString();
  else if (init.body instanceof Uint8Array) body = init.body;
  else if (init.body != null) throw new SsoFetchError("unsupported body");
  return safeFetch(url, {
    method: init.method,
    headers,
    body,
    signal: init.signal ?? null,
    followRedirects: init.redirect !== "manual",
  });
}
