import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, scimRateLimit } from "@/lib/config";
import { configSchema, INTERNAL_VARIABLES } from "@/lib/config/schema";

const root = path.resolve(import.meta.dirname, "../..");
const settings = Object.keys(configSchema.shape).sort();

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return e as ConfigError;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

/** Source files under `dirs` (relative to the repository), recursively. */
function sources(dirs: string[], ext = /\.(ts|tsx|mjs|cjs|js)$/): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isFile()) return void (ext.test(rel) && out.push(rel));
    for (const e of fs.readdirSync(abs)) walk(path.join(rel, e));
  };
  dirs.forEach(walk);
  return out;
}

/** Every `process.env.X` / `process.env["X"]` in a file, with its line. */
function envReads(file: string): { name: string; where: string }[] {
  const text = fs.readFileSync(path.join(root, file), "utf8");
  const out: { name: string; where: string }[] = [];
  for (const m of text.matchAll(
    /process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]\s*\])/g,
  )) {
    out.push({ name: m[1] ?? m[2], where: `${file}:${text.slice(0, m.index).split("\n").length}` });
  }
  return out;
}

/** README's "## Configuration" table: variable → default cell. */
function readmeTable(): Map<string, string> {
  const readme = fs.readFileSync(path.join(root, "README.md"), "utf8");
  const section = readme.split(/^## /m).find((s) => s.startsWith("Configuration\n"));
  expect(section, 'README has a "## Configuration" section').toBeDefined();
  const rows = new Map<string, string>();
  for (const m of section!.matchAll(/^\| `([A-Z0-9_]+)` \| ([^|]*) \|/gm)) rows.set(m[1], m[2].trim());
  return rows;
}

describe("configuration parser", () => {
  it("gives every setting its default when nothing is set, and treats an empty value as unset", () => {
    const c = parseConfig({});
    expect(c).toMatchObject({
      DATABASE_URL: "file:./data/app.db",
      PORT: 3000,
      DATABASE_POOL_SIZE: 10,
      DATABASE_PREPARED_STATEMENTS: 200,
      DATABASE_QUERY_TIMEOUT_MS: 15_000,
    });
    expect(c).toMatchObject({
      SHUTDOWN_GRACE_MS: 25_000,
      OFFBOARDING_INTERVAL_MS: 600_000,
      WEBHOOK_RETRY_BASE_MS: 10_000,
      TRUST_PROXY_HOPS: 0,
      SCIM_RATE_LIMIT_RPS: 200,
    });
    expect(c).toMatchObject({
      METRICS_TOKEN: null,
      METRICS_WORKSPACE_LABEL: false,
      SSO_FETCH_ALLOW_HOSTS: [],
      LOG_LEVEL: "info",
      BENCH_FLOOR: false,
    });
    expect(parseConfig({ PORT: "", DATABASE_URL: "", DATABASE_POOL_SIZE: " " })).toMatchObject({
      PORT: 3000,
      DATABASE_URL: "file:./data/app.db",
      DATABASE_POOL_SIZE: 10,
    });
  });

  it("reads numbers, flags and lists", () => {
    const c = parseConfig({
      DATABASE_POOL_SIZE: "25",
      DATABASE_PREPARED_STATEMENTS: "0",
      METRICS_TOKEN: " t0k ",
      METRICS_WORKSPACE_LABEL: "on",
      SSO_FETCH_ALLOW_HOSTS: " LocalHost, 127.0.0.1:8080 ,",
      BENCH_FLOOR: "1",
    });
    expect(c).toMatchObject({
      DATABASE_POOL_SIZE: 25,
      DATABASE_PREPARED_STATEMENTS: 0,
      METRICS_TOKEN: "t0k",
      METRICS_WORKSPACE_LABEL: true,
      SSO_FETCH_ALLOW_HOSTS: ["localhost", "127.0.0.1:8080"],
      BENCH_FLOOR: true,
    });
    expect(scimRateLimit({ SCIM_RATE_LIMIT_RPS: "0.001" })).toEqual({ rps: 0.001, burst: 400 });
    expect(scimRateLimit({ SCIM_RATE_LIMIT_RPS: "10", SCIM_RATE_LIMIT_BURST: "3" })).toEqual({ rps: 10, burst: 3 });
  });

  it("refuses an invalid value with a message that names the variable and the value", () => {
    const e = errorOf({ DATABASE_POOL_SIZE: "abc" });
    expect(e.message).toBe(
      'Invalid configuration: DATABASE_POOL_SIZE: expected a whole number of at least 1 (got "abc")',
    );
    expect(errorOf({ PORT: "70000" }).message).toMatch(/^Invalid configuration: PORT: .*"70000"/);
    expect(errorOf({ APP_URL: "work.example.com" }).message).toMatch(/APP_URL: expected an absolute URL/);
    expect(errorOf({ OFFBOARDING_INTERVAL_MS: "500" }).message).toMatch(/OFFBOARDING_INTERVAL_MS: .*at least 1000/);
    expect(errorOf({ METRICS_WORKSPACE_LABEL: "maybe" }).message).toMatch(/METRICS_WORKSPACE_LABEL/);
    expect(errorOf({ LOG_LEVEL: "loud" }).message).toMatch(/LOG_LEVEL: expected one of/);
    // every problem at once
    expect(errorOf({ DATABASE_POOL_SIZE: "-1", SHUTDOWN_GRACE_MS: "soon" }).problems).toHaveLength(2);
  });

  it("never repeats a secret in the message", () => {
    const e = errorOf({ DATABASE_URL: "mysql://app:hunter2@db/app" });
    expect(e.message).toMatch(/^Invalid configuration: DATABASE_URL: use file:/);
    expect(e.message).not.toContain("hunter2");
  });
});

describe("configuration is written down", () => {
  it("README's Configuration table lists exactly the settings of lib/config/schema.ts", () => {
    expect([...readmeTable().keys()].sort()).toEqual(settings);
  });

  it("README's defaults are the schema's", () => {
    const defaults = parseConfig({});
    const table = readmeTable();
    for (const name of settings) {
      const value = defaults[name as keyof typeof defaults];
      if (typeof value === "number" || typeof value === "string")
        expect(table.get(name), name).toContain(`\`${value}\``);
    }
  });

  it("app code reads settings from lib/config, never process.env, and only variables of the schema", () => {
    const found = sources(["app", "lib", "components"]).flatMap(envReads);
    expect(found.filter((r) => !settings.includes(r.name)).map((r) => `${r.where} ${r.name}`)).toEqual([]);
    expect(
      found.filter((r) => !r.where.startsWith(`lib${path.sep}config${path.sep}`)).map((r) => `${r.where} ${r.name}`),
    ).toEqual([]);
  });

  it("every variable read by scripts, the Prisma CLI and the build is a setting or a listed internal one", () => {
    const files = [
      ...sources(["scripts"]),
      "instrumentation.ts",
      "proxy.ts",
      "next.config.ts",
      ...fs.readdirSync(root).filter((f) => /^prisma(\..+)?\.config\.ts$/.test(f)),
    ];
    const known = new Set([...settings, ...Object.keys(INTERNAL_VARIABLES)]);
    expect(
      files
        .flatMap(envReads)
        .filter((r) => !known.has(r.name))
        .map((r) => `${r.where} ${r.name}`),
    ).toEqual([]);
  });
});
