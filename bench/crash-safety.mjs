#!/usr/bin/env node
// Crash safety (issue 6, "Nothing acknowledged is ever lost"): start the production server, drive
// concurrent SCIM writes, kill -9 the server (its whole process group) at a random moment, restart it,
// and check that every write that got a 2xx is there and that the database is consistent. Repeated
// --runs times (default 20) on one database, so later crashes must not damage earlier data either.
//
//   node bench/crash-safety.mjs [--runs 20] [--db sqlite|postgres] [--workers 8] [--seed N] [--port 3290] [--keep]
//   node bench/crash-safety.mjs --runs 1 --inject-loss user|patch|removal   # self-check: must report the lost write and exit 1
//
// Needs a production build (`npm run build`); builds nothing itself. SQLite: a fresh file under .test/crash/.
// PostgreSQL: a throwaway database on TEST_PG_URL (default postgresql://postgres@127.0.0.1:5432/postgres),
// dropped at the end. Exit code 0 only when no acknowledged write was lost and every consistency check passed.
//
// Writes: user creates (POST /Users), group creates (POST /Groups), member adds and removes (PATCH /Groups,
// also on one group shared by all workers, so PATCHes of one group race), user PATCHes and PUTs (title),
// group renames (PATCH displayName) and user DELETEs. Each worker
// owns its resources and sends one request at a time, so "the last acknowledged write" of every key is
// well defined; the one request a worker had in flight when the server died may or may not have been
// applied, and both outcomes are accepted for that key only.
/* global AbortSignal */
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import Database from "better-sqlite3";
import { createDatabase } from "./lib/database.mjs";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "20" },
    db: { type: "string", default: "sqlite" },
    workers: { type: "string", default: "8" },
    seed: { type: "string" },
    port: { type: "string", default: "3290" },
    keep: { type: "boolean", default: false },
    // self-check of this script: after each kill, undo one acknowledged write behind the server's back —
    // "user" deletes an acknowledged user, "patch" reverts an acknowledged title PATCH, "removal" puts back
    // a membership whose removal was acknowledged; the run must then report the loss and exit 1
    "inject-loss": { type: "string" },
    // a run that acknowledged fewer writes than this before the kill proves nothing: it fails
    "min-acks": { type: "string", default: "10" },
    "min-kill-ms": { type: "string", default: "1000" },
    "max-kill-ms": { type: "string", default: "3000" },
  },
});

const RUNS = Number(args.runs);
const MIN_ACKS = Number(args["min-acks"]);
const INJECT = args["inject-loss"];
if (INJECT !== undefined && !["user", "patch", "removal"].includes(INJECT)) {
  console.error("--inject-loss takes user, patch or removal");
  process.exit(2);
}
const WORKERS = Number(args.workers);
const PORT = Number(args.port);
const KIND = args.db === "postgres" ? "postgres" : args.db === "sqlite" ? "sqlite" : null;
if (!KIND || !(RUNS >= 1) || !(WORKERS >= 1)) {
  console.error(
    "Usage: node bench/crash-safety.mjs [--runs N] [--db sqlite|postgres] [--workers N] [--seed N] [--port P] [--keep]",
  );
  process.exit(2);
}
const distDir = process.env.NEXT_DIST_DIR || ".next";
if (!fs.existsSync(path.join(distDir, "BUILD_ID"))) {
  console.error(`No production build in ${distDir}/: run \`npm run build\` first (this script builds nothing itself).`);
  process.exit(2);
}

// A seeded PRNG (mulberry32), so a failing sequence of kill moments and operations can be replayed.
const SEED = args.seed !== undefined ? Number(args.seed) : crypto.randomInt(2 ** 31);
let rngState = SEED >>> 0;
function random() {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randInt = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pick = (list) => list[Math.floor(random() * list.length)];

const BASE = `http://127.0.0.1:${PORT}`;
const SCIM = `${BASE}/scim/v2`;
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---- database ---------------------------------------------------------------------------------------

const database = await createDatabase(KIND, path.join(".test", "crash"), {
  prefix: "crash",
  pgAdminUrl: process.env.TEST_PG_URL,
});
const databaseUrl = database.url;
const sqliteFile = database.file;
const dropDatabase = () => (args.keep ? Promise.resolve() : database.drop());

const serverEnv = {
  ...process.env,
  NODE_ENV: "production",
  PORT: String(PORT),
  APP_URL: BASE,
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: "crash-safety-secret-not-for-production",
  NEXT_TELEMETRY_DISABLED: "1",
  SCIM_RATE_LIMIT_RPS: "0", // the workers send far more than Entra would, on purpose
};

function cli(...cliArgs) {
  const out = execFileSync("npm", ["run", "-s", "admin", "--", ...cliArgs, "--json"], {
    env: serverEnv,
    encoding: "utf8",
  });
  return JSON.parse(out);
}

// ---- the server ---------------------------------------------------------------------------------------

let server = null;
let serverLog = "";

async function startServer() {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    ["node_modules/next/dist/bin/next", "start", "-p", String(PORT), "-H", "127.0.0.1"],
    {
      env: serverEnv,
      detached: true, // its own process group: kill -9 takes next and every child it spawned
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  serverLog = "";
  const keep = (d) => (serverLog = (serverLog + d).slice(-20_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise((resolve) => child.once("exit", resolve));
  server = { child, exited };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${serverLog}`);
    if (Date.now() - started > 90_000) throw new Error(`next start not healthy after 90 s:\n${serverLog}`);
    try {
      const res = await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
}

async function killServer() {
  if (!server) return;
  try {
    process.kill(-server.child.pid, "SIGKILL");
  } catch {
    // already gone
  }
  await server.exited;
  server = null;
  // the port must be free before the next start
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${BASE}/api/health`, { signal: AbortSignal.timeout(500) });
    } catch {
      return;
    }
    await sleep(50);
  }
  throw new Error(`port ${PORT} still answers after kill -9 of the server's process group`);
}

// ---- SCIM calls ---------------------------------------------------------------------------------------

let token = "";
async function scim(method, p, body) {
  const res = await fetch(SCIM + p, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/scim+json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}

// ---- the ledger of acknowledged writes ------------------------------------------------------------------

/**
 * users: id → { userName, externalId, title (last acked), pendingTitle? }
 * groups: id → { displayName }
 * pairs: "gid|uid" → { present (after the last acked op), pending? (in-flight op's outcome) }
 */
const ledger = { users: new Map(), groups: new Map(), pairs: new Map() };
const totals = {
  acknowledged: 0,
  verified: 0,
  failures: 0,
  inFlight: 0,
  byKind: {
    userCreate: 0,
    groupCreate: 0,
    memberAdd: 0,
    memberRemove: 0,
    userPatch: 0,
    userPut: 0,
    groupRename: 0,
    userDelete: 0,
  },
};

function ack(kind) {
  totals.acknowledged++;
  totals.byKind[kind]++;
  runStats.acknowledged++;
}

let runStats;

async function worker(run, w, shared, stop, maxOps = Infinity) {
  const mine = { users: [], groups: [shared] };
  let n = 0;
  while (!stop.killed && n < maxOps) {
    n++;
    const roll = random();
    let op;
    if (mine.users.length < 2 || roll < 0.28) op = "userCreate";
    else if (roll < 0.36) op = "groupCreate";
    else if (roll < 0.58) op = "memberAdd";
    else if (roll < 0.72) op = "memberRemove";
    else if (roll < 0.82) op = "userPatch";
    else if (roll < 0.89) op = "userPut";
    else if (roll < 0.93) op = mine.groups.length > 1 ? "groupRename" : "userPatch";
    else op = mine.users.length > 2 ? "userDelete" : "userPatch";
    // what this request would change, recorded as "in flight" until it is answered
    let pending = null;
    try {
      if (op === "userCreate") {
        const userName = `r${run}-w${w}-u${n}@crash.test`;
        pending = { kind: op };
        const res = await scim("POST", "/Users", {
          schemas: [USER],
          userName,
          externalId: `ext-${run}-${w}-${n}`,
          displayName: `Crash ${run}/${w}/${n}`,
          active: true,
        });
        if (res.status === 201) {
          ledger.users.set(res.json.id, {
            run,
            userName,
            externalId: `ext-${run}-${w}-${n}`,
            title: null,
            pendingTitle: undefined,
          });
          mine.users.push(res.json.id);
          ack(op);
        } else unexpected(op, res);
      } else if (op === "groupCreate") {
        const displayName = `r${run}-w${w}-g${n}`;
        pending = { kind: op };
        const res = await scim("POST", "/Groups", { schemas: [GROUP], displayName });
        if (res.status === 201) {
          ledger.groups.set(res.json.id, { run, displayName });
          mine.groups.push(res.json.id);
          ack(op);
        } else unexpected(op, res);
      } else if (op === "memberAdd" || op === "memberRemove") {
        const gid = pick(mine.groups);
        const uid = pick(mine.users);
        const key = `${gid}|${uid}`;
        const add = op === "memberAdd";
        const entry = ledger.pairs.get(key) ?? { run, present: false };
        ledger.pairs.set(key, entry);
        entry.pending = add;
        pending = { kind: op, entry };
        const body = add
          ? { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [{ value: uid }] }] }
          : { schemas: [PATCH_OP], Operations: [{ op: "remove", path: `members[value eq "${uid}"]` }] };
        const res = await scim("PATCH", `/Groups/${gid}`, body);
        if (res.status === 204 || res.status === 200) {
          entry.present = add;
          entry.acked = (entry.acked ?? 0) + 1;
          delete entry.pending;
          ack(op);
        } else {
          delete entry.pending; // answered with an error: not applied
          unexpected(op, res);
        }
      } else if (op === "groupRename") {
        // one of this worker's own groups (never the shared one, whose name the verification relies on)
        const gid = pick(mine.groups.slice(1));
        const group = ledger.groups.get(gid);
        const displayName = `r${run}-w${w}-g${n}-renamed`;
        group.pendingName = displayName;
        pending = { kind: op, group };
        const res = await scim("PATCH", `/Groups/${gid}`, {
          schemas: [PATCH_OP],
          Operations: [{ op: "replace", path: "displayName", value: displayName }],
        });
        if (res.status === 200 || res.status === 204) {
          group.displayName = displayName;
          group.acked = (group.acked ?? 0) + 1;
          delete group.pendingName;
          ack(op);
        } else {
          delete group.pendingName;
          unexpected(op, res);
        }
      } else if (op === "userDelete") {
        const uid = pick(mine.users);
        const user = ledger.users.get(uid);
        mine.users.splice(mine.users.indexOf(uid), 1); // never touched again, whatever the answer
        user.pendingDelete = true;
        pending = { kind: op, user };
        const res = await scim("DELETE", `/Users/${uid}`);
        if (res.status === 204) {
          user.deleted = true;
          delete user.pendingDelete;
          ack(op);
        } else {
          delete user.pendingDelete;
          unexpected(op, res);
        }
      } else {
        const uid = pick(mine.users);
        const user = ledger.users.get(uid);
        const title = `title-${run}-${w}-${n}`;
        user.pendingTitle = title;
        pending = { kind: op, user };
        // the same change as a PATCH, or as a PUT of the whole user (which must keep userName and externalId)
        const res =
          op === "userPut"
            ? await scim("PUT", `/Users/${uid}`, {
                schemas: [USER],
                userName: user.userName,
                externalId: user.externalId,
                displayName: `Crash ${uid}`,
                title,
                active: true,
              })
            : await scim("PATCH", `/Users/${uid}`, {
                schemas: [PATCH_OP],
                Operations: [{ op: "replace", path: "title", value: title }],
              });
        if (res.status === 200) {
          user.title = title;
          user.acked = (user.acked ?? 0) + 1;
          delete user.pendingTitle;
          ack(op);
        } else {
          delete user.pendingTitle;
          unexpected(op, res);
        }
      }
      pending = null;
    } catch (e) {
      // The server died under this request (it is only ever killed after stop.killed is set): its outcome
      // is unknown. Anything else — a bug in this script, or the server dropping connections on its own —
      // is an error, not an "in flight" write.
      const network =
        ["fetch failed", "terminated"].includes(e?.message) ||
        ["AbortError", "TimeoutError"].includes(e?.name) ||
        ["ECONNRESET", "ECONNREFUSED", "EPIPE", "UND_ERR_SOCKET"].includes(e?.cause?.code);
      if (!stop.killed || !network) throw e;
      if (pending) runStats.inFlight++;
      return;
    }
  }
}

function unexpected(op, res) {
  // Not acknowledged, so nothing to verify; but a healthy server should not refuse these writes.
  if (res.status >= 500 || res.status === 400) {
    runStats.refused++;
    if (runStats.refused <= 3) console.log(`  ! ${op} answered ${res.status}: ${res.text.slice(0, 200)}`);
  }
}

// ---- verification ---------------------------------------------------------------------------------------

function consistency() {
  const problems = [];
  if (KIND === "sqlite") {
    const db = new Database(sqliteFile);
    try {
      const integrity = db.pragma("integrity_check", { simple: true });
      if (integrity !== "ok") problems.push(`PRAGMA integrity_check: ${integrity}`);
      const fk = db.pragma("foreign_key_check");
      if (fk.length) problems.push(`PRAGMA foreign_key_check: ${JSON.stringify(fk.slice(0, 5))}`);
      problems.push(...orphanRows((sql) => db.prepare(sql).get().n));
    } finally {
      db.close();
    }
    return Promise.resolve(problems);
  }
  return (async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const results = {};
      for (const [name, sql] of ORPHAN_QUERIES) results[name] = Number((await c.query(sql)).rows[0].n);
      problems.push(...orphanRows((sql) => results[ORPHAN_QUERIES.find(([, s]) => s === sql)[0]]));
    } finally {
      await c.end();
    }
    return problems;
  })();
}

const ORPHAN_QUERIES = [
  [
    "memberships without a member",
    `SELECT count(*) AS n FROM "GroupMember" gm LEFT JOIN "Member" m ON m."id" = gm."memberId" WHERE m."id" IS NULL`,
  ],
  [
    "memberships without a group",
    `SELECT count(*) AS n FROM "GroupMember" gm LEFT JOIN "Group" g ON g."id" = gm."groupId" WHERE g."id" IS NULL`,
  ],
  [
    "memberships across workspaces",
    `SELECT count(*) AS n FROM "GroupMember" gm JOIN "Member" m ON m."id" = gm."memberId" JOIN "Group" g ON g."id" = gm."groupId" WHERE m."workspaceId" <> gm."workspaceId" OR g."workspaceId" <> gm."workspaceId"`,
  ],
  // every userName here is ASCII, so SQL lower() agrees with the app's Unicode lower-casing
  [
    "members whose userNameLower disagrees with userName",
    `SELECT count(*) AS n FROM "Member" WHERE "userNameLower" <> lower("userName")`,
  ],
];

function orphanRows(count) {
  const problems = [];
  for (const [name, sql] of ORPHAN_QUERIES) {
    const n = Number(count(sql));
    if (n !== 0) problems.push(`${n} ${name}`);
  }
  return problems;
}

async function pool(items, n, fn) {
  let i = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (i < items.length) await fn(items[i++]);
    }),
  );
}

/** Checks the acknowledged writes of `run` (or of every run) against what the restarted server returns. */
async function verify(run) {
  const failures = [];
  let verified = 0;
  const groupMembers = new Map();
  const of = (map) => [...map.entries()].filter(([, v]) => run === undefined || v.run === run);
  await pool(of(ledger.users), 8, async ([id, u]) => {
    const res = await scim("GET", `/Users/${id}`);
    if (u.deleted) {
      if (res.status !== 404)
        return failures.push(`user ${u.userName} (${id}): DELETE acknowledged, GET answers ${res.status}`);
      return void (verified += 2 + (u.acked ?? 0)); // its create, its acknowledged PATCHes/PUTs and its delete
    }
    if (res.status === 404 && u.pendingDelete) return void (verified += 1 + (u.acked ?? 0)); // deleted by the request in flight
    if (res.status !== 200) return failures.push(`user ${u.userName} (${id}) acknowledged, GET answers ${res.status}`);
    const body = res.json;
    const titleOk =
      body.title === (u.title ?? undefined) || (u.pendingTitle !== undefined && body.title === u.pendingTitle);
    if (body.userName !== u.userName || body.externalId !== u.externalId)
      failures.push(`user ${id}: ${body.userName}/${body.externalId}, expected ${u.userName}/${u.externalId}`);
    else if (!titleOk)
      failures.push(
        `user ${u.userName}: title ${JSON.stringify(body.title)}, last acknowledged ${JSON.stringify(u.title)}${u.pendingTitle ? ` (or in flight ${u.pendingTitle})` : ""}`,
      );
    else verified += 1 + (u.acked ?? 0); // the create and every acknowledged PATCH that led to this title
  });
  await pool(of(ledger.groups), 8, async ([id, g]) => {
    const res = await scim("GET", `/Groups/${id}`);
    if (res.status !== 200)
      return failures.push(`group ${g.displayName} (${id}) acknowledged, GET answers ${res.status}`);
    if (
      res.json.displayName !== g.displayName &&
      !(g.pendingName !== undefined && res.json.displayName === g.pendingName)
    ) {
      return failures.push(
        `group ${id}: displayName ${res.json.displayName}, last acknowledged ${g.displayName}${g.pendingName ? ` (or in flight ${g.pendingName})` : ""}`,
      );
    }
    groupMembers.set(id, new Set((res.json.members ?? []).map((m) => m.value)));
    verified += 1 + (g.acked ?? 0);
  });
  for (const [key, p] of of(ledger.pairs)) {
    const [gid, uid] = key.split("|");
    const user = ledger.users.get(uid);
    if (user?.deleted || user?.pendingDelete) {
      // a deleted user's memberships go with it (checked by the user's own 404); an acked op still counts
      verified += p.acked ?? 0;
      continue;
    }
    const members = groupMembers.get(gid);
    if (!members) continue; // the group itself failed above (or is the shared group of a run with no acked create — never)
    const present = members.has(uid);
    const ok = present === p.present || (p.pending !== undefined && present === p.pending);
    if (!ok)
      failures.push(
        `membership ${key}: ${present ? "present" : "absent"}, last acknowledged ${p.present ? "add" : "remove"}${p.pending !== undefined ? ` (in flight: ${p.pending ? "add" : "remove"})` : ""}`,
      );
    else verified += p.acked ?? 0;
  }
  return { failures, verified };
}

/** Runs one statement on the database behind the server's back (`?` placeholders). */
async function behindTheServersBack(sql, params) {
  if (KIND === "sqlite") {
    const db = new Database(sqliteFile);
    const changes = db.prepare(sql).run(...params).changes;
    db.close();
    return changes;
  }
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  let i = 0;
  const res = await c.query(
    sql.replace(/\?/g, () => `$${++i}`),
    params,
  );
  await c.end();
  return res.rowCount;
}

/** --inject-loss: undoes one acknowledged write of `run`, so verify() must report it. Returns whether it found one. */
async function injectLoss(run) {
  if (INJECT === "user") {
    const victim = [...ledger.users.entries()].filter(([, u]) => u.run === run && !u.deleted && !u.pendingDelete).pop();
    if (!victim) return false;
    await behindTheServersBack(`DELETE FROM "Member" WHERE "id" = ?`, [victim[0]]);
    console.log(`  (--inject-loss user: deleted acknowledged user ${victim[1].userName})`);
    return true;
  }
  if (INJECT === "patch") {
    // a user whose acknowledged title is settled (no PATCH in flight at the kill)
    const victim = [...ledger.users.entries()]
      .filter(([, u]) => u.run === run && u.title && u.pendingTitle === undefined && !u.deleted && !u.pendingDelete)
      .pop();
    if (!victim) return false;
    // the title lives in the column (filters) and in the stored SCIM document (what GET renders)
    const doc =
      KIND === "sqlite"
        ? `json_set("attributes", '$.title', ?)`
        : `jsonb_set("attributes"::jsonb, '{title}', to_jsonb(?::text))::text`;
    await behindTheServersBack(`UPDATE "Member" SET "title" = ?, "attributes" = ${doc} WHERE "id" = ?`, [
      "lost-patch",
      "lost-patch",
      victim[0],
    ]);
    console.log(`  (--inject-loss patch: reverted the acknowledged title of ${victim[1].userName})`);
    return true;
  }
  // removal: a membership whose acknowledged last operation is a removal, with nothing in flight
  const alive = (uid) => !ledger.users.get(uid)?.deleted && !ledger.users.get(uid)?.pendingDelete;
  const victim = [...ledger.pairs.entries()]
    .filter(([key, p]) => p.run === run && !p.present && p.pending === undefined && p.acked && alive(key.split("|")[1]))
    .pop();
  if (!victim) return false;
  const [gid, uid] = victim[0].split("|");
  const at = KIND === "sqlite" ? new Date().toISOString().replace("Z", "+00:00") : new Date();
  await behindTheServersBack(
    `INSERT INTO "GroupMember" ("groupId", "memberId", "workspaceId", "createdAt") SELECT ?, ?, "workspaceId", ? FROM "Group" WHERE "id" = ?`,
    [gid, uid, at, gid],
  );
  console.log(`  (--inject-loss removal: put back the acknowledged removal of ${uid} from group ${gid})`);
  return true;
}

// ---- main -----------------------------------------------------------------------------------------------

const t0 = Date.now();
console.log(
  `crash safety on ${KIND}: ${RUNS} runs, ${WORKERS} workers, seed ${SEED}, kill after ${args["min-kill-ms"]}–${args["max-kill-ms"]} ms`,
);
let exitCode = 0;
try {
  cli(
    "workspace",
    "create",
    "--name",
    "Crash Co",
    "--slug",
    "crash",
    "--plan",
    "enterprise",
    "--owner-email",
    "owner@crash.test",
    "--owner-password",
    "crash-password-1",
  );
  token = cli("token", "create", "--workspace", "crash", "--label", "crash-bench").token;
  cli("guardrail", "set", "--workspace", "crash", "--enabled", "false"); // its DELETEs must apply, not be held
  await startServer();

  for (let run = 1; run <= RUNS; run++) {
    runStats = { acknowledged: 0, inFlight: 0, refused: 0 };
    // one group per run that every worker PATCHes (racing PATCHes of one group), created before the storm
    const shared = await scim("POST", "/Groups", { schemas: [GROUP], displayName: `r${run}-shared` });
    if (shared.status !== 201) throw new Error(`shared group: ${shared.status} ${shared.text}`);
    ledger.groups.set(shared.json.id, { run, displayName: `r${run}-shared` });
    ack("groupCreate");

    // warm the freshly started server (route module, database connections) so that the kill window below
    // falls into steady traffic rather than into the first cold requests
    await worker(run, "warm", shared.json.id, { killed: false }, 6);

    const stop = { killed: false };
    const killAfter = randInt(Number(args["min-kill-ms"]), Number(args["max-kill-ms"]));
    const workers = Array.from({ length: WORKERS }, (_, w) => worker(run, w, shared.json.id, stop));
    await sleep(killAfter);
    stop.killed = true;
    await killServer();
    await Promise.all(workers);

    const problems = await consistency(); // the files / tables exactly as the crash left them
    if (INJECT && !(await injectLoss(run)))
      problems.push(`--inject-loss ${INJECT}: no acknowledged write of that kind in this run to undo`);
    if (runStats.acknowledged < MIN_ACKS)
      problems.push(
        `only ${runStats.acknowledged} writes acknowledged before the kill (floor --min-acks ${MIN_ACKS}): the run proves nothing`,
      );
    const restartMs = await startServer();
    const { failures, verified } = await verify(run);
    problems.push(...(await consistency()));
    totals.inFlight += runStats.inFlight;
    const lost = failures.length + problems.length;
    totals.failures += lost;
    console.log(
      `run ${String(run).padStart(2)}: killed after ${String(killAfter).padStart(4)} ms; restarted in ${restartMs} ms; ` +
        `${verified}/${runStats.acknowledged} acknowledged writes verified, ${runStats.inFlight} in flight at the kill; ${lost ? `✗ ${lost} problems` : "consistent"}`,
    );
    for (const f of [...failures, ...problems].slice(0, 20)) console.log(`    ✗ ${f}`);
    if (lost) exitCode = 1;
  }
  // Finally every run again: later crashes must not have damaged what earlier runs wrote.
  const all = await verify();
  totals.verified = all.verified;
  totals.failures += all.failures.length;
  for (const f of all.failures.slice(0, 20)) console.log(`    ✗ (final) ${f}`);
  if (all.failures.length) exitCode = 1;
  console.log(`final check of all ${RUNS} runs: ${all.verified}/${totals.acknowledged} acknowledged writes verified`);
} catch (e) {
  console.error(`crash safety aborted: ${e?.stack ?? e}\n--- server log tail ---\n${serverLog.slice(-3000)}`);
  exitCode = 2;
} finally {
  await killServer().catch(() => {});
  await dropDatabase().catch((e) => console.error(`could not drop the database: ${e.message}`));
}

const secs = ((Date.now() - t0) / 1000).toFixed(0);
console.log(
  `\ncrash safety (${KIND}, seed ${SEED}): ${RUNS} runs, ${totals.acknowledged} writes acknowledged ` +
    `(${Object.entries(totals.byKind)
      .map(([k, v]) => `${v} ${k}`)
      .join(", ")}), ${totals.verified} writes verified, ` +
    `${totals.inFlight} in flight at a kill (either outcome accepted), ${totals.failures} failures — ${secs} s`,
);
if (exitCode === 0 && totals.verified !== totals.acknowledged) {
  console.log(`✗ ${totals.acknowledged - totals.verified} acknowledged writes could not be verified`);
  exitCode = 1;
}
process.exit(exitCode);
