// CSV fields and rows for the admin exports (lib/services/admin/csv.ts).
import { describe, it, expect } from "vitest";
import { csvField, csvRow } from "@/lib/services/admin/csv";

describe("CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvField('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
    expect(csvField("plain")).toBe("plain");
    expect(csvField(null)).toBe("");
    expect(csvField(401)).toBe("401");
    expect(csvField(-3)).toBe("-3");
  });
  it("defuses spreadsheet formulas", () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField("+1")).toBe("'+1");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
  });
  it("writes dates as ISO and ends rows with CRLF", () => {
    expect(csvRow([new Date("2026-01-02T03:04:05.000Z"), "a"])).toBe("2026-01-02T03:04:05.000Z,a\r\n");
  });
});
