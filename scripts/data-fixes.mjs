// Data fixes that plain SQL cannot do the same way on SQLite and PostgreSQL, run by scripts/migrate.mjs
// after `prisma migrate deploy`. Each runs once per database: a row in "DataFix" marks it done, and every
// fix is idempotent, so two servers migrating at once are harmless.
//
// fold-keys-nfc: the key columns (userNameLower, emailLower, displayNameLower) became Unicode NFC + lower
// case (lib/scim/fold.ts) instead of lower case only. Rows whose text is pure ASCII are unchanged, so only
// the others are read. If two existing rows now fold to one key (a look-alike pair created before), the
// second keeps its old key and a warning names both, for an admin to resolve.
import Database from "better-sqlite3";
import pg from "pg";

const fold = (s) => s.normalize("NFC").toLowerCase();

const FIXES = [
  {
    name: "fold-keys-nfc",
    tables: [
      { table: "Member", keys: { userNameLower: "userName", emailLower: "email" } },
      { table: "Group", keys: { displayNameLower: "displayName" } },
      { table: "Account", keys: { emailLower: "email" } },
    ],
  },
];

/** The SQL dialect bits that differ, and a tiny uniform driver interface. */
async function open(url) {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    let n = 0;
    return {
      nonAscii: (col) => `octet_length("${col}") <> char_length("${col}")`,
      p: () => `$${++n}`,
      reset: () => (n = 0),
      all: async (sql, params = []) => (await client.query(sql, params)).rows,
      run: async (sql, params = []) => void (await client.query(sql, params)),
      close: () => client.end(),
      isUnique: (e) => e?.code === "23505",
    };
  }
  const db = new Database(url.replace(/^file:/, "").replace(/\?.*$/, ""));
  db.pragma("busy_timeout = 5000");
  return {
    nonAscii: (col) => `length("${col}") <> length(CAST("${col}" AS BLOB))`,
    p: () => "?",
    reset: () => {},
    all: async (sql, params = []) => db.prepare(sql).all(...params),
    run: async (sql, params = []) => void db.prepare(sql).run(...params),
    close: async () => db.close(),
    isUnique: (e) => e?.code === "SQLITE_CONSTRAINT_UNIQUE",
  };
}

export async function applyDataFixes(url, log = console) {
  const db = await open(url);
  try {
    const done = new Set((await db.all(`SELECT "name" FROM "DataFix"`)).map((r) => r.name));
    for (const fix of FIXES) {
      if (done.has(fix.name)) continue;
      let changed = 0;
      for (const { table, keys } of fix.tables) {
        const sources = [...new Set(Object.values(keys))];
        const cols = ["id", ...Object.keys(keys), ...sources].map((c) => `"${c}"`).join(", ");
        const where = sources.map((c) => `("${c}" IS NOT NULL AND ${db.nonAscii(c)})`).join(" OR ");
        for (const row of await db.all(`SELECT ${cols} FROM "${table}" WHERE ${where}`)) {
          const updates = Object.entries(keys).filter(([key, src]) => row[src] != null && fold(row[src]) !== row[key]);
          if (!updates.length) continue;
          db.reset();
          const set = updates.map(([key]) => `"${key}" = ${db.p()}`).join(", ");
          const params = [...updates.map(([, src]) => fold(row[src])), row.id];
          try {
            await db.run(`UPDATE "${table}" SET ${set} WHERE "id" = ${db.p()}`, params);
            changed++;
          } catch (e) {
            if (!db.isUnique(e)) throw e;
            log.warn(
              `${table} ${row.id}: ${updates.map(([, s]) => JSON.stringify(row[s])).join(", ")} folds to the key of another row; left as it was — rename or remove one of the two`,
            );
          }
        }
      }
      db.reset();
      await db.run(`INSERT INTO "DataFix" ("name") VALUES (${db.p()}) ON CONFLICT DO NOTHING`, [fix.name]);
      if (changed) log.log(`data fix ${fix.name}: ${changed} row(s) re-keyed`);
    }
  } finally {
    await db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  applyDataFixes(process.env.DATABASE_URL || "file:./data/app.db").catch((e) => {
    console.error(`data fixes failed: ${e.message}`);
    process.exit(1);
  });
}
