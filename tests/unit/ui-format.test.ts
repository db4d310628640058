// The kit's one number format, list ranges, natural order, and the submitted-values plumbing of the
// server-action pattern (secrets never echoed back).
import { describe, expect, it } from "vitest";
import { formatNumber, formatRange, naturalCompare } from "@/components/ui/format";
import { failed, parseForm, submittedValues } from "@/app/w/[slug]/action-helpers";
import { sortTokens } from "@/app/w/[slug]/settings/token-table";
import { z } from "zod";

describe("formats", () => {
  it("numbers and ranges", () => {
    expect(formatNumber(5717)).toBe("5,717");
    expect(formatRange(1, 50, 5717)).toBe("1–50 of 5,717");
    expect(formatRange(5701, 5717, 5717)).toBe("5,701–5,717 of 5,717");
    expect(formatRange(1, 0, 0)).toBe("0 of 0");
  });
  it("natural order: User 2 before User 10, case-insensitive", () => {
    expect(["User 10", "user 2", "User 1"].sort(naturalCompare)).toEqual(["User 1", "user 2", "User 10"]);
  });
  it("tokens sort by label naturally, and by date either way", () => {
    const t = (label: string, created: number) => ({
      id: label,
      label,
      prefix: "p",
      createdByName: null,
      createdAt: new Date(created),
      lastUsedAt: null,
      expiresAt: null,
      revokedAt: null,
    });
    const rows = [t("Entra 10", 3), t("Entra 2", 1), t("Okta", 2)];
    expect(sortTokens(rows, { key: "label", dir: "asc" }).map((r) => r.label)).toEqual(["Entra 2", "Entra 10", "Okta"]);
    expect(sortTokens(rows, { key: "created", dir: "desc" }).map((r) => r.label)).toEqual([
      "Entra 10",
      "Okta",
      "Entra 2",
    ]);
  });
});

describe("server-action pattern", () => {
  const form = (entries: Record<string, string>) => {
    const f = new FormData();
    for (const [k, v] of Object.entries(entries)) f.append(k, v);
    return f;
  };
  it("a failed parse returns the field errors and what was submitted, without secrets", () => {
    const schema = z.object({
      label: z.string().min(3, "Too short"),
      days: z.coerce.number().min(1, "At least 1 day"),
    });
    const result = parseForm(
      schema,
      form({ label: "ab", days: "0", clientSecret: "s3cret", password: "pw", $ACTION_ID_x: "" }),
    );
    expect("state" in result && result.state).toEqual({
      errors: { label: "Too short", days: "At least 1 day" },
      values: { label: "ab", days: "0" },
    });
  });
  it("failed() and submittedValues() leave out passwords and secrets", () => {
    expect(submittedValues(form({ issuer: "https://x", clientSecret: "s", confirm: "c" }))).toEqual({
      issuer: "https://x",
    });
    expect(failed(form({ domain: "not a domain" }), { domain: "Bad" })).toEqual({
      errors: { domain: "Bad" },
      values: { domain: "not a domain" },
    });
  });
});
