// Issue 13, item 2: SSRF from the SSO settings. The SAML metadata URL and the OIDC issuer make the server
// fetch a URL an admin types in. Loopback, private, link-local and multicast addresses (in any spelling:
// 2130706433, 0x7f000001, [::ffff:127.0.0.1]) are refused before anything is sent, on every redirect hop;
// plain http is refused; sizes and times are bounded; and every failure reads the same, so the error
// text cannot tell open, closed and non-HTTP ports apart. SSO_FETCH_ALLOW_HOSTS lets the tests (and a
// deployment with an IdP on its own network) through for named hosts only.
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isPublicAddress } from "@/lib/sso/safe-fetch";
import { checkOidcSettings } from "@/lib/sso/oidc";
import { seal } from "@/lib/sso/secret-box";
import { fetchIdpMetadata } from "@/lib/sso/saml-metadata";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";
import { resetConfig } from "@/lib/config";

const GENERIC = /^The address could not be fetched\. It must be a public https:\/\/ address/;

let idp: TestSamlIdp;
let hits = 0;
let open: http.Server; // HTTP, answers 404 (and redirects on /hop)
let nonHttp: net.Server; // TCP, speaks something else
const sockets = new Set<net.Socket>();
let closedPort: number;
let openPort: number;
let nonHttpPort: number;
const allowBefore = process.env.SSO_FETCH_ALLOW_HOSTS;

beforeAll(async () => {
  idp = await startSamlIdp();
  open = http.createServer((req, res) => {
    hits++;
    if (req.url?.startsWith("/hop")) {
      res
        .writeHead(302, { Location: new URL(req.url.slice(4) || "/", "http://x").searchParams.get("to") ?? "/" })
        .end();
      return;
    }
    if (req.url === "/huge") {
      res.writeHead(200, { "Content-Type": "application/xml" });
      const chunk = "<x>" + "a".repeat(64 * 1024) + "</x>";
      let sent = 0;
      const more = () => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent >= 200) res.end();
        else res.once("drain", more);
      };
      more();
      return;
    }
    res.writeHead(404).end("not here");
  });
  await new Promise<void>((r) => open.listen(0, "127.0.0.1", r));
  openPort = (open.address() as AddressInfo).port;
  nonHttp = net.createServer((s) => {
    hits++;
    sockets.add(s);
    s.end("SSH-2.0-OpenSSH_9.2\r\n");
  });
  await new Promise<void>((r) => nonHttp.listen(0, "127.0.0.1", r));
  nonHttpPort = (nonHttp.address() as AddressInfo).port;
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
});
afterEach(() => {
  if (allowBefore === undefined) delete process.env.SSO_FETCH_ALLOW_HOSTS;
  else process.env.SSO_FETCH_ALLOW_HOSTS = allowBefore;
  resetConfig();
});
afterAll(async () => {
  await idp.close();
  open.closeAllConnections();
  await new Promise((r) => open.close(r));
  for (const s of sockets) s.destroy();
  await new Promise((r) => nonHttp.close(r));
});

const messageOf = async (p: Promise<unknown>) => {
  try {
    await p;
    return "fetched";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("SSO fetches refuse internal addresses", () => {
  it("SAML metadata: loopback in every spelling is refused before any request is sent, with one message", async () => {
    process.env.SSO_FETCH_ALLOW_HOSTS = "";
    resetConfig();
    hits = 0;
    const port = new URL(idp.metadataUrl).port;
    const path = new URL(idp.metadataUrl).pathname;
    const urls = [
      idp.metadataUrl,
      `http://localhost:${port}${path}`,
      `http://2130706433:${port}${path}`,
      `http://0x7f000001:${port}${path}`,
      `http://0177.0.0.1:${port}${path}`,
      `http://127.1:${port}${path}`,
      `http://[::1]:${port}${path}`,
      `http://[::ffff:127.0.0.1]:${port}${path}`,
      `https://127.0.0.1:${port}${path}`,
      `http://127.0.0.1:${openPort}/`,
      `http://127.0.0.1:${closedPort}/`,
      `http://127.0.0.1:${nonHttpPort}/`,
      `ftp://127.0.0.1:${port}/`,
      `file:///etc/passwd`,
    ];
    const messages = await Promise.all(urls.map((u) => messageOf(fetchIdpMetadata(u, 2_000))));
    for (const [i, m] of messages.entries()) expect(m, urls[i]).toMatch(GENERIC);
    expect(new Set(messages).size).toBe(1);
    expect(hits).toBe(0);
  });

  it("OIDC issuer discovery on loopback is refused before any request is sent", async () => {
    process.env.SSO_FETCH_ALLOW_HOSTS = "";
    resetConfig();
    hits = 0;
    for (const issuer of [
      `http://127.0.0.1:${openPort}`,
      `http://2130706433:${openPort}`,
      `http://[::ffff:7f00:1]:${openPort}`,
    ]) {
      const problem = await checkOidcSettings({
        workspaceId: "w",
        oidcIssuer: issuer,
        oidcClientId: "c",
        oidcClientSecret: seal("s"),
      });
      expect(problem, issuer).toMatch(GENERIC);
      expect(problem).not.toContain(String(openPort));
    }
    expect(hits).toBe(0);
  });

  it("with the host allowed, open, closed and non-HTTP ports still give the same message; a redirect to a host not allowed is refused", async () => {
    process.env.SSO_FETCH_ALLOW_HOSTS = "localhost";
    resetConfig();
    const m = await Promise.all([
      messageOf(fetchIdpMetadata(`http://localhost:${openPort}/`, 2_000)),
      messageOf(fetchIdpMetadata(`http://localhost:${closedPort}/`, 2_000)),
      messageOf(fetchIdpMetadata(`http://localhost:${nonHttpPort}/`, 2_000)),
    ]);
    expect(m[0]).toMatch(GENERIC);
    expect(new Set(m).size).toBe(1);
    // localhost is allowed, 127.0.0.1 is not: the redirect's target is checked like the first URL
    hits = 0;
    const hop = `http://localhost:${openPort}/hop?to=${encodeURIComponent(idp.metadataUrl)}`;
    expect(await messageOf(fetchIdpMetadata(hop, 2_000))).toMatch(GENERIC);
    expect(hits).toBe(1); // the first hop only; the IdP's metadata was never fetched
  });

  it("bounds the size of what is read", async () => {
    process.env.SSO_FETCH_ALLOW_HOSTS = "127.0.0.1";
    resetConfig();
    expect(await messageOf(fetchIdpMetadata(`http://127.0.0.1:${openPort}/huge`, 5_000))).toMatch(GENERIC);
    // and the allowed test IdP itself works
    await expect(fetchIdpMetadata(idp.metadataUrl)).resolves.toMatchObject({ entityId: idp.entityId });
  });
});

describe("isPublicAddress", () => {
  it("refuses loopback, private, link-local, multicast and reserved ranges in IPv4, IPv6 and mapped forms", () => {
    for (const a of [
      "127.0.0.1",
      "127.255.255.254",
      "10.1.2.3",
      "172.16.0.1",
      "172.31.255.255",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "224.0.0.1",
      "239.255.255.250",
      "255.255.255.255",
      "192.0.0.1",
      "198.18.0.1",
      "::",
      "::1",
      "fe80::1",
      "fc00::1",
      "fd12:3456::1",
      "ff02::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "::ffff:7f00:1",
      "::ffff:a9fe:a9fe",
      "64:ff9b::a9fe:a9fe",
      "2002:7f00:1::",
    ]) {
      expect(isPublicAddress(a), a).toBe(false);
    }
    for (const a of ["8.8.8.8", "1.1.1.1", "172.32.0.1", "20.190.128.1", "2606:4700::1111", "2001:4860:4860::8888"]) {
      expect(isPublicAddress(a), a).toBe(true);
    }
  });
});
