// Pages and feature components build their form controls and tables from the kit (components/ui), so none
// keeps its own input or table class strings. This fails on a raw <input>, <select>, <textarea>, <table>,
// <th> or <td> anywhere under app/ or components/ outside components/ui. Exception: hidden inputs
// (<input type="hidden">), which carry a value and have no look.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");
const RAW = /<(input|select|textarea|table|th|td)\b[^>]*/g;

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return rel === path.join("components", "ui") ? [] : sources(rel);
    return /\.(tsx|jsx)$/.test(e.name) ? [rel] : [];
  });
}

/** The raw elements in one file's text, as "file:line <tag …". */
function rawElements(file: string, text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(RAW)) {
    if (m[1] === "input" && /\btype="hidden"/.test(m[0])) continue;
    const line = text.slice(0, m.index).split("\n").length;
    found.push(`${file}:${line} ${m[0].slice(0, 80)}`);
  }
  return found;
}

describe("the component kit is the only place with raw form controls and tables", () => {
  it("finds them (the check itself works)", () => {
    expect(
      rawElements(
        "x.tsx",
        `<input type="hidden" name="slug" value={slug} />\n<input id="q" className="border px-3" />`,
      ),
    ).toEqual(['x.tsx:2 <input id="q" className="border px-3" /']);
    expect(rawElements("x.tsx", '<table className="w-full">\n<td>1</td><th scope="row">a</th><select>')).toHaveLength(
      4,
    );
    expect(rawElements("x.tsx", '<Input id="q" /><Table caption="x"><Td>1</Td><thead><tbody><textareaX')).toEqual([]);
  });

  it("app/ and components/ (outside components/ui) have none", () => {
    const files = [...sources("app"), ...sources("components")];
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => rawElements(f, fs.readFileSync(path.join(ROOT, f), "utf8")));
    expect(found).toEqual([]);
  });
});
