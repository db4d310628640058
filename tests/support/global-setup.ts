// Creates a throwaway database for the integration run and migrates it with the committed migrations:
// a SQLite file under .test/ by default, or a fresh PostgreSQL database when TEST_DB=postgres
// (server from TEST_PG_URL, default postgresql://postgres@127.0.0.1:5432/postgres). Workers inherit
// DATABASE_URL from here.
// eslint-disable-next-line @typescript-eslint/ban-ts-comment
// @ts-ignore -- plain .mjs helper shared with the benchmark
import { createThrowawayDatabase } from "../../scripts/throwaway-database.mjs";

export default async function setup() {
  const kind = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
  const db = await createThrowawayDatabase(kind, ".test", { prefix: "scim_test", pgAdminUrl: process.env.TEST_PG_URL });
  process.env.DATABASE_URL = db.url;
  process.env.APP_URL = "http://localhost:3000";
  process.env.AUTH_SECRET = "integration-test-secret";
  // The test identity providers listen on loopback over plain http (lib/sso/safe-fetch.ts refuses both otherwise).
  process.env.SSO_FETCH_ALLOW_HOSTS = "127.0.0.1,localhost";
  console.log(`integration tests on ${kind}: ${kind === "postgres" ? db.name : db.url}`);
  return db.drop;
}
