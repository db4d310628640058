// Safe XML parsing for SAML: documents with a DOCTYPE are refused outright (no entity expansion, no
// external entities), then @xmldom/xmldom parses without ever fetching anything.
import { DOMParser } from "@xmldom/xmldom";

export class XmlError extends Error {}

export function parseXmlStrict(xml: string): Document {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new XmlError("XML with a DOCTYPE or entity declarations is not accepted");
  const errors: string[] = [];
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: (m) => errors.push(String(m)),
      fatalError: (m) => errors.push(String(m)),
    },
  }).parseFromString(xml, "text/xml");
  if (errors.length || !doc?.documentElement)
    throw new XmlError(`Not well-formed XML${errors[0] ? `: ${errors[0]}` : ""}`);
  return doc as unknown as Document;
}

/** Child elements of `parent` (any depth) with the given local name, namespace-agnostic. */
export function elementsByLocalName(parent: Document | Element, localName: string): Element[] {
  const all = parent.getElementsByTagNameNS("*", localName);
  return Array.from({ length: all.length }, (_, i) => all.item(i)!).filter(Boolean);
}
