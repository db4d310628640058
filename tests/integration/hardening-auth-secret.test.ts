// Issue 13, item 8: a server started without an auth secret (no AUTH_SECRET / NEXTAUTH_SECRET and no
// ./data/secrets.json, which `npm start` generates) refuses to start with a clear message instead of
// answering 500 on every page.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureBuild, freePort } from "../support/next-server";

beforeAll(() => ensureBuild(), 600_000);

describe("a server without an auth secret", () => {
  it("exits with a message naming AUTH_SECRET, and never listens", async () => {
    const root = process.cwd();
    // started from an empty directory, so there is no ./data/secrets.json to fall back to
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "no-secret-"));
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      DATABASE_URL: `file:${path.join(cwd, "app.db")}`,
    };
    delete env.AUTH_SECRET;
    delete env.NEXTAUTH_SECRET;
    const child = spawn(
      process.execPath,
      [path.join(root, "node_modules/next/dist/bin/next"), "start", root, "-p", String(port), "-H", "127.0.0.1"],
      { cwd, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d));
    child.stderr.on("data", (d: Buffer) => (output += d));
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        resolve(null);
      }, 60_000);
      child.once("exit", (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    fs.rmSync(cwd, { recursive: true, force: true });
    expect(code, output).toBe(1);
    expect(output).toMatch(/Refusing to start: No auth secret: set AUTH_SECRET/);
  }, 90_000);
});
