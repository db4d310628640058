// Printing results and keeping BENCHMARKS.md: one section per database between markers, replaced by
// each run on that database, so the file always holds the latest SQLite and PostgreSQL figures.
import fs from "node:fs";

const FILE = "BENCHMARKS.md";
const f1 = (n) => (n == null ? "–" : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const f2 = (n) => (n == null ? "–" : n.toFixed(2));

export function resultsTable(results) {
  // several instances: the server CPU is their sum, each instance's share and nginx's shown beside it
  const split = (r) =>
    r.instanceCpuMs ? ` (${r.instanceCpuMs.map(f2).join(" + ")}; nginx ${f2(r.balancerCpuMs)})` : "";
  const rows = results.map(
    (r) =>
      `| ${r.scenario}${r.round ? ` (round ${r.round})` : ""} | ${r.concurrency} | ${r.requests}${r.complete ? "" : " (cut at time limit)"} | ${r.rps.toFixed(0)} | ${f1(r.p50)} | ${f1(r.p95)} | ${f1(r.p99)} | ${r.errors} | ${f2(r.serverCpuMs)}${split(r)} | ${f2(r.dbCpuMs)} | ${r.peakRssMb} |`,
  );
  return [
    "| Scenario | Conc. | Requests | req/s | p50 ms | p95 ms | p99 ms | Errors | Server CPU ms/req | PostgreSQL CPU ms/req | Peak RSS MB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

function phaseTable(r) {
  const rows = r.phases.map(
    (p) =>
      `| ${p.name} | ${p.requests} | ${p.rps.toFixed(0)} | ${f1(p.p50)} | ${f1(p.p95)} | ${f1(p.p99)} | ${p.errors} |`,
  );
  return [
    `${r.scenario}, concurrency ${r.concurrency}, by phase:`,
    "",
    "| Phase | Requests | req/s | p50 ms | p95 ms | p99 ms | Errors |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

/** The cycle at concurrency `c` against the floor of the same round: throughput share and p99 ratio. */
export function shares(results, c) {
  const at = (name, round) => results.find((r) => r.scenario === name && r.concurrency === c && r.round === round);
  return results
    .filter((r) => r.scenario === "entra-cycle" && r.concurrency === c)
    .flatMap((cycle) => {
      const floor = at("floor", cycle.round);
      return floor ? [{ share: cycle.rps / floor.rps, p99: cycle.p99 / floor.p99 }] : [];
    });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** The issue's targets, evaluated on one database's results. */
export function targets(db, results) {
  const find = (name, c) => results.find((r) => r.scenario === name && (c === undefined || r.concurrency === c));
  const out = [];
  const add = (target, measured, met) => out.push({ target, measured, met });
  const cycle = find("entra-cycle", 16);
  const floor = find("floor", 16);
  if (cycle) {
    const min = db === "postgres" ? 1000 : 1500;
    add(`entra-cycle c16 ≥ ${min} req/s`, `${cycle.rps.toFixed(0)} req/s`, cycle.rps >= min && cycle.complete);
    add("entra-cycle c16 p99 ≤ 50 ms", `${f1(cycle.p99)} ms`, cycle.p99 <= 50);
    add(
      "entra-cycle errors = 0",
      `${results.filter((r) => r.scenario === "entra-cycle").reduce((n, r) => n + r.errors, 0)}`,
      results.every((r) => r.scenario !== "entra-cycle" || r.errors === 0),
    );
    if (floor)
      add(
        "entra-cycle c16 ≥ 50 % of the framework floor",
        `${((cycle.rps / floor.rps) * 100).toFixed(0)} % of ${floor.rps.toFixed(0)} req/s`,
        cycle.rps >= floor.rps / 2,
      );
    // Issue 18's targets, against the floor measured beside the cycle (the median over --rounds).
    const beside = shares(results, 16);
    if (beside.length) {
      const share = median(beside.map((x) => x.share));
      const p99 = median(beside.map((x) => x.p99));
      const min = db === "postgres" ? 0.7 : 0.8;
      const each = beside.length > 1 ? ` (median of ${beside.map((x) => x.share.toFixed(2)).join(", ")})` : "";
      add(`entra-cycle c16 ≥ ${min} of the floor`, `${share.toFixed(2)}${each}`, share >= min);
      const eachP99 = beside.length > 1 ? ` (median of ${beside.map((x) => x.p99.toFixed(2)).join(", ")})` : "";
      add("entra-cycle c16 p99 ≤ 2 × the floor's p99", `${p99.toFixed(2)} ×${eachP99}`, p99 <= 2);
    }
    add(
      "server RSS ≤ 500 MB through the cycle",
      `${Math.max(...results.filter((r) => r.scenario === "entra-cycle").map((r) => r.peakRssMb))} MB (${cycle.users} users)`,
      results.every((r) => r.scenario !== "entra-cycle" || r.peakRssMb <= 500),
    );
  }
  const lookup = find("lookup-1m", 16) ?? find("lookup-1m", 1);
  const lookup1 = find("lookup-1m", 1);
  if (lookup)
    add(
      "userName lookup at 1 M users p50 ≤ 5 ms",
      `${f1(lookup.p50)} ms at c${lookup.concurrency}${lookup1 && lookup1 !== lookup ? `, ${f1(lookup1.p50)} ms at c1` : ""}`,
      lookup.p50 <= 5,
    );
  const big = find("member-add 100k group");
  const empty = find("member-add empty group");
  if (big && empty)
    add(
      "member add, 100 k group within 2× of empty group (p50)",
      `${f1(big.p50)} vs ${f1(empty.p50)} ms (${(big.p50 / empty.p50).toFixed(2)}×)`,
      big.p50 <= 2 * empty.p50,
    );
  const gBig = find("group GET 100k, no members");
  const gEmpty = find("group GET empty, no members");
  if (gBig && gEmpty)
    add(
      "group GET without members independent of size (p50)",
      `${f1(gBig.p50)} vs ${f1(gEmpty.p50)} ms`,
      gBig.p50 <= 1.5 * gEmpty.p50 + 0.5,
    );
  return out;
}

export function section(db, meta, results) {
  const t = targets(db, results);
  const phases = results.filter((r) => r.phases).map(phaseTable);
  const m = meta.machine;
  return [
    `Measured ${meta.date} on commit ${m.commit}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB RAM, ${m.kernel}, Node ${m.node}, ${meta.dbVersion}.`,
    `Load average (1 min) ${meta.loadStart} at start, ${meta.loadEnd} at end. Command: \`${meta.command}\`.`,
    "",
    resultsTable(results),
    "",
    ...phases.flatMap((p) => [p, ""]),
    "Targets:",
    "",
    "| Target | Measured | Met |",
    "| --- | --- | --- |",
    ...t.map((x) => `| ${x.target} | ${x.measured} | ${x.met ? "yes" : "**no**"} |`),
  ].join("\n");
}

const TEMPLATE = `# Benchmarks

Produced by \`npm run bench\` (see bench/README.md). Each database's section is replaced by the latest run on
that database; the notes at the end are written by hand.

## SQLite

<!-- bench:sqlite:begin -->
(not run yet)
<!-- bench:sqlite:end -->

## PostgreSQL

<!-- bench:postgres:begin -->
(not run yet)
<!-- bench:postgres:end -->
`;

export function writeSection(db, text) {
  let doc = fs.existsSync(FILE) ? fs.readFileSync(FILE, "utf8") : TEMPLATE;
  const begin = `<!-- bench:${db}:begin -->`;
  const end = `<!-- bench:${db}:end -->`;
  if (!doc.includes(begin)) doc += `\n${begin}\n${end}\n`;
  const [head, rest] = doc.split(begin);
  const tail = rest.slice(rest.indexOf(end));
  fs.writeFileSync(FILE, `${head}${begin}\n${text}\n${tail}`);
}
