// The audit page's URL filter and the words for an entry's detail.
import { describe, expect, it } from "vitest";
import { auditWhere, describeDetail, readAuditFilter } from "@/lib/services/admin/audit-log";

describe("readAuditFilter", () => {
  it("keeps known actions and kinds, real dates, and drops everything else", () => {
    expect(
      readAuditFilter(new URLSearchParams("action=member.suspended&from=2026-12-01&to=2026-12-05&actor=Ada&target=x")),
    ).toEqual({
      action: "member.suspended",
      from: "2026-12-01",
      to: "2026-12-05",
      actor: "Ada",
      target: "x",
    });
    expect(readAuditFilter({ action: "token" }).action).toBe("token");
    expect(readAuditFilter(new URLSearchParams("action=drop.table&from=2026-13-45&to=yesterday"))).toEqual({
      action: undefined,
      from: undefined,
      to: undefined,
      actor: undefined,
      target: undefined,
    });
  });

  it("a whole kind matches by prefix; the end date is inclusive", () => {
    const where = auditWhere("w", { action: "member", from: "2026-12-01", to: "2026-12-01" });
    expect(where.AND).toEqual([
      { action: { startsWith: "member." } },
      { createdAt: { gte: new Date("2026-12-01T00:00:00.000Z") } },
      { createdAt: { lt: new Date("2026-12-02T00:00:00.000Z") } },
    ]);
  });
});

describe("describeDetail", () => {
  it("puts changes in words", () => {
    expect(describeDetail({ action: "member.role_changed", detail: '{"from":"member","to":"admin"}' })).toBe(
      "member → admin",
    );
    expect(describeDetail({ action: "workspace.retention_changed", detail: '{"from":30,"to":90}' })).toBe(
      "30 → 90 days",
    );
    expect(describeDetail({ action: "sso.enforcement_changed", detail: '{"enforce":{"from":false,"to":true}}' })).toBe(
      "enforce: off → on",
    );
    expect(describeDetail({ action: "x", detail: "not json" })).toBe("");
  });
});
