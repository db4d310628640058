// A SCIM write load over HTTP for the operations tests: `workers` loops, each creating users
// (POST /Users) one request at a time until stopped, or until its connection is refused or dropped (a
// server that stopped accepting). Every outcome is recorded in order.
export interface Outcome {
  userName: string;
  /** the HTTP status, or null when no response came (connection refused, reset or closed) */
  status: number | null;
  /** Date.now() when the answer (or the failure) arrived */
  at: number;
  id?: string;
  error?: string;
}

export interface Load {
  outcomes: Outcome[];
  /** userNames acknowledged (201) so far */
  acknowledged(): string[];
  stop(): Promise<void>;
  /** resolves when every worker has stopped by itself (after a connection failure) or by stop() */
  done: Promise<void>;
}

export function scimWriteLoad(baseUrl: string, token: string, { workers = 4, prefix = "load" } = {}): Load {
  const outcomes: Outcome[] = [];
  let stopping = false;
  let n = 0;
  const worker = async (w: number) => {
    while (!stopping) {
      const userName = `${prefix}-${w}-${n++}@load.example.test`;
      try {
        const res = await fetch(`${baseUrl}/scim/v2/Users`, {
          method: "POST",
          headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/scim+json" },
          body: JSON.stringify({
            schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
            userName,
            active: true,
            displayName: userName,
          }),
        });
        const text = await res.text();
        let id: string | undefined;
        try {
          id = JSON.parse(text).id;
        } catch {
          // not JSON: kept as the status only
        }
        outcomes.push({
          userName,
          status: res.status,
          at: Date.now(),
          id,
          error: res.status === 201 ? undefined : text.slice(0, 300),
        });
      } catch (e) {
        const cause = (e as { cause?: { code?: string; message?: string } }).cause;
        outcomes.push({
          userName,
          status: null,
          at: Date.now(),
          error: `${cause?.code ?? ""} ${cause?.message ?? (e as Error).message}`.trim(),
        });
        return; // the server no longer accepts connections
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => worker(w))).then(() => undefined);
  return {
    outcomes,
    acknowledged: () => outcomes.filter((o) => o.status === 201).map((o) => o.userName),
    stop: async () => {
      stopping = true;
      await done;
    },
    done,
  };
}
