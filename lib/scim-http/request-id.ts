// Every SCIM request gets an id, returned in `X-Request-Id`, carried by the server's log lines of the
// request and stored on its provisioning event, so an admin holding a client's trace (Entra shows its
// `client-request-id`) finds the request in both. A client's own id is kept when it is a plain token;
// anything else (too long, spaces, control characters that could forge log lines) is replaced.
import { randomUUID } from "node:crypto";

const SANE = /^[A-Za-z0-9._-]{1,64}$/;

/** The client's `X-Request-Id` or `client-request-id` when sane, else a fresh UUID. */
export function requestIdOf(headers: Headers): string {
  for (const name of ["x-request-id", "client-request-id"]) {
    const value = headers.get(name)?.trim();
    if (value && SANE.test(value)) return value;
  }
  return randomUUID();
}
