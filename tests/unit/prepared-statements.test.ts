// Which PostgreSQL statements become named prepared statements (lib/db/sql.ts).
import { describe, expect, it } from "vitest";
import { PreparedStatements } from "@/lib/db/sql";

const q = (text: string, prepare?: boolean) => ({ text, params: [], prepare });

describe("PreparedStatements", () => {
  it("names a statement from its second run on, the same name for the same text", () => {
    const p = new PreparedStatements();
    expect(p.nameFor(q("SELECT 1"))).toBeUndefined();
    const name = p.nameFor(q("SELECT 1"));
    expect(name).toMatch(/^scim_[0-9a-f]{24}$/);
    expect(p.nameFor(q("SELECT 1"))).toBe(name);
    expect(new PreparedStatements().nameFor(q("SELECT 2"))).toBeUndefined();
    const other = new PreparedStatements();
    other.nameFor(q("SELECT 1"));
    expect(other.nameFor(q("SELECT 1"))).toBe(name); // another instance on the same pool agrees
  });

  it("never names statements marked prepare: false, nor any when the limit is 0", () => {
    const p = new PreparedStatements();
    for (let i = 0; i < 5; i++) expect(p.nameFor(q("INSERT many", false))).toBeUndefined();
    const off = new PreparedStatements(0);
    for (let i = 0; i < 5; i++) expect(off.nameFor(q("SELECT 1"))).toBeUndefined();
    // and then there are no cached plans to drop (postgresSql sends no DISCARD PLANS)
    expect(off.enabled).toBe(false);
    expect(p.enabled).toBe(true);
  });

  it("holds at most `max` names; statements beyond it run unnamed", () => {
    const p = new PreparedStatements(3);
    const named = [];
    for (let i = 0; i < 10; i++) {
      p.nameFor(q(`SELECT ${i}`));
      named.push(p.nameFor(q(`SELECT ${i}`)));
    }
    expect(named.filter(Boolean)).toHaveLength(3);
    expect(named.slice(3).every((n) => n === undefined)).toBe(true);
    expect(p.nameFor(q("SELECT 0"))).toBe(named[0]);
  });
});
