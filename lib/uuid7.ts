// Time-ordered UUIDs (RFC 9562, version 7): 48 bits of Unix milliseconds, then 74 random bits. Rows created
// in time order land at the right edge of their primary-key index rather than on a random page: a batch of
// provisioning events then dirties a few index pages instead of one per event, which is most of what a
// SQLite commit costs (BENCHMARKS.md). The random part keeps them unguessable; the time they give away is
// the row's `meta.created`, which the resource shows anyway.
import { randomFillSync } from "node:crypto";

const POOL_IDS = 256;
const pool = Buffer.alloc(16 * POOL_IDS);
let next = POOL_IDS;

export function uuidv7(now: number = Date.now()): string {
  // Random bytes drawn 4 KiB at a time, as crypto.randomUUID does, rather than per id.
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const b = pool.subarray(16 * next, 16 * ++next);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // variant 10
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
