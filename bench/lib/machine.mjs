// What the figures were measured on: they only mean something next to the machine and its load.
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

export function describeMachine() {
  const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  let commit = "unknown";
  try {
    commit = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    if (execSync("git status --porcelain -- app lib prisma bench", { encoding: "utf8" }).trim())
      commit += " (+ uncommitted changes)";
  } catch {
    // not a git checkout
  }
  return {
    cpus: os.availableParallelism(),
    cpuModel: model,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    commit,
  };
}

/** 1-minute load average: the machine may be shared, so every result carries it. */
export const loadAverage = () => os.loadavg()[0].toFixed(2);
