// IdP metadata: Entra/Okta-shaped XML is read (entity ID, redirect SSO URL, signing certificates);
// DOCTYPEs and non-IdP documents are refused; a metadata URL that hangs times out.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchIdpMetadata, parseCertificates, parseIdpMetadata } from "@/lib/sso/saml-metadata";
import { startSamlIdp, type TestSamlIdp } from "../support/saml-idp";

let idp: TestSamlIdp;
let hanging: http.Server;
let hangingUrl: string;
beforeAll(async () => {
  idp = await startSamlIdp();
  hanging = http.createServer(() => {}); // accepts, never answers
  await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r));
  hangingUrl = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/metadata`;
});
afterAll(async () => {
  await idp.close();
  hanging.closeAllConnections();
  await new Promise((r) => hanging.close(r));
});

describe("IdP metadata", () => {
  it("reads the entity ID, the HTTP-Redirect SSO URL and the signing certificate", () => {
    const m = parseIdpMetadata(idp.metadataXml);
    expect(m).toMatchObject({ entityId: idp.entityId, ssoUrl: idp.ssoUrl });
    expect(m.certs).toHaveLength(1);
    expect(m.certs[0]).toContain("BEGIN CERTIFICATE");
  });

  it("fetches from a metadata URL, and gives up on one that hangs", async () => {
    await expect(fetchIdpMetadata(idp.metadataUrl)).resolves.toMatchObject({ entityId: idp.entityId });
    await expect(fetchIdpMetadata(hangingUrl, 300)).rejects.toThrow(/^The address could not be fetched\./);
  });

  it("refuses DOCTYPEs, documents that are not IdP metadata, and bad certificates", () => {
    expect(() =>
      parseIdpMetadata(
        `<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${idp.metadataXml.replace(/^<\?xml[^>]*>/, "")}`,
      ),
    ).toThrow(/DOCTYPE/);
    expect(() =>
      parseIdpMetadata(
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>`,
      ),
    ).toThrow(/not SAML identity provider metadata/);
    expect(() => parseCertificates("not a certificate")).toThrow(/not a valid X.509/);
    expect(parseCertificates(idp.cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, ""))).toHaveLength(1);
  });
});
