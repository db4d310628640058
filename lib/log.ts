// The server's structured log: one JSON object per line on stdout (what container platforms and log
// shippers collect), so a line can be found by its fields — a SCIM request's lines all carry its
// `requestId`, the same id the client got in `X-Request-Id` and the provisioning log shows.
// LOG_LEVEL picks the threshold (trace, debug, info, warn, error, fatal, silent); default info.
import pino from "pino";
import { config } from "@/lib/config";

export const log = pino({
  level: config().LOG_LEVEL ?? "info",
  base: undefined, // no pid/hostname on every line: the platform adds where a line came from
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

export type Logger = pino.Logger;

/** The error's message and stack as log fields (pino's `err` serializer does the same for `{ err }`). */
export const errorFields = (e: unknown) => ({ err: e instanceof Error ? e : new Error(String(e)) });
