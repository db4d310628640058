// Makes sure ./data exists and holds the generated secrets (never committed). Idempotent.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export function prepareEnv(root = process.cwd()) {
  const dataDir = path.join(root, "data");
  // ./data holds the database and the secrets: readable by this user only
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dataDir, 0o700);
  const file = path.join(dataDir, "secrets.json");
  let secrets = {};
  try {
    secrets = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    // first run
  }
  if (!secrets.authSecret) {
    secrets.authSecret = crypto.randomBytes(32).toString("base64url");
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + "\n", { mode: 0o600 });
    console.log(`Generated an auth secret in ${path.relative(root, file)}`);
  }
  return secrets;
}

if (import.meta.url === `file://${process.argv[1]}`) prepareEnv();
