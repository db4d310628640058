// Domain verification against a DNS server on loopback: success, wrong value, expired code, and a
// domain verified by one workspace only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dnsResolver } from "@/lib/sso/dns";
import {
  addDomain,
  CODE_TTL_MS,
  domainStatus,
  normalizeDomain,
  renewDomainCode,
  txtValue,
  verifiedDomainForEmail,
  verifyDomain,
} from "@/lib/services/domains";
import { startDnsServer, type TestDnsServer } from "../support/dns-server";
import { newWorkspace, uid } from "../support/workspace";

let dns: TestDnsServer;
beforeAll(async () => {
  dns = await startDnsServer();
});
afterAll(() => dns.close());

const resolver = () => dnsResolver(dns.address);

describe("verified domains", () => {
  it("normalizes input and refuses what is not a domain", () => {
    expect(normalizeDomain(" https://Acme.Example.com/ ")).toBe("acme.example.com");
    expect(() => normalizeDomain("not a domain")).toThrow(/domain name/);
    expect(() => normalizeDomain("localhost")).toThrow();
  });

  it("verifies when the TXT record carries the code", async () => {
    const { workspace } = await newWorkspace();
    const name = `${uid("d")}.test`;
    const d = await addDomain(workspace.id, name.toUpperCase());
    expect(domainStatus(d)).toBe("pending");
    dns.txt.set(name, ["v=spf1 -all", txtValue(d)]);
    const v = await verifyDomain(workspace.id, d.id, resolver());
    expect(v.verifiedAt).toBeInstanceOf(Date);
    expect(domainStatus(v)).toBe("verified");
    expect((await verifiedDomainForEmail(`Someone@${name.toUpperCase()}`))?.workspaceId).toBe(workspace.id);
  });

  it("stays pending with a clear reason when the value is wrong or the record is missing", async () => {
    const { workspace } = await newWorkspace();
    const name = `${uid("d")}.test`;
    const d = await addDomain(workspace.id, name);
    const missing = await verifyDomain(workspace.id, d.id, resolver());
    expect(missing.verifiedAt).toBeNull();
    expect(missing.lastError).toMatch(/No TXT record found/);
    dns.txt.set(name, ["workspace-domain-verification=wrong-value"]);
    const wrong = await verifyDomain(workspace.id, d.id, resolver());
    expect(wrong.verifiedAt).toBeNull();
    expect(wrong.lastError).toMatch(/different value/);
    expect(await verifiedDomainForEmail(`a@${name}`)).toBeNull();
  });

  it("refuses an expired code even when the record is right, and a renewed code works", async () => {
    const { workspace } = await newWorkspace();
    const name = `${uid("d")}.test`;
    const d = await addDomain(workspace.id, name);
    dns.txt.set(name, [txtValue(d)]);
    const later = new Date(Date.now() + CODE_TTL_MS + 1000);
    expect(domainStatus(d, later)).toBe("expired");
    const expired = await verifyDomain(workspace.id, d.id, resolver(), later);
    expect(expired.verifiedAt).toBeNull();
    expect(expired.lastError).toMatch(/expired/);
    const renewed = await renewDomainCode(workspace.id, d.id);
    expect(renewed.verificationToken).not.toBe(d.verificationToken);
    dns.txt.set(name, [txtValue(renewed)]);
    expect((await verifyDomain(workspace.id, d.id, resolver())).verifiedAt).toBeInstanceOf(Date);
  });

  it("lets one workspace verify a domain; others can no longer add it", async () => {
    const a = await newWorkspace();
    const b = await newWorkspace();
    const name = `${uid("d")}.test`;
    const da = await addDomain(a.workspace.id, name);
    const db_ = await addDomain(b.workspace.id, name);
    dns.txt.set(name, [txtValue(da), txtValue(db_)]);
    expect((await verifyDomain(a.workspace.id, da.id, resolver())).verifiedAt).toBeInstanceOf(Date);
    const second = await verifyDomain(b.workspace.id, db_.id, resolver());
    expect(second.verifiedAt).toBeNull();
    expect(second.lastError).toMatch(/another workspace/);
    const c = await newWorkspace();
    await expect(addDomain(c.workspace.id, name)).rejects.toThrow(/another workspace/);
  });
});
