// A tiny authoritative DNS responder on loopback UDP for tests: answers TXT queries from a map that the
// test changes as it goes; every other name is NXDOMAIN. Enough of RFC 1035 for node's resolver.
import dgram from "node:dgram";
import type { AddressInfo } from "node:net";

export interface TestDnsServer {
  /** "127.0.0.1:PORT", the value for DNS_SERVERS */
  address: string;
  port: number;
  /** TXT records by lower-cased name */
  txt: Map<string, string[]>;
  close(): Promise<void>;
}

function readName(msg: Buffer, offset: number): { name: string; end: number } {
  const labels: string[] = [];
  let i = offset;
  while (msg[i] !== 0) {
    const len = msg[i];
    labels.push(msg.subarray(i + 1, i + 1 + len).toString("ascii"));
    i += len + 1;
  }
  return { name: labels.join("."), end: i + 1 };
}

function answer(query: Buffer, txt: Map<string, string[]>): Buffer {
  const { name, end } = readName(query, 12);
  const qtype = query.readUInt16BE(end);
  const question = query.subarray(12, end + 4);
  const records = qtype === 16 ? txt.get(name.toLowerCase()) : undefined;
  const known = txt.has(name.toLowerCase());
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // id
  const rcode = known ? 0 : 3; // NXDOMAIN for unknown names
  header.writeUInt16BE(0x8400 | (query.readUInt16BE(2) & 0x0100) | rcode, 2); // QR, AA, RD copied
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(records?.length ?? 0, 6);
  const answers = (records ?? []).map((value) => {
    const data = Buffer.from(value, "utf8");
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length || i === 0; i += 255) {
      const part = data.subarray(i, i + 255);
      chunks.push(Buffer.from([part.length]), part);
      if (data.length === 0) break;
    }
    const rdata = Buffer.concat(chunks);
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // pointer to the question's name
    rr.writeUInt16BE(16, 2); // TXT
    rr.writeUInt16BE(1, 4); // IN
    rr.writeUInt32BE(5, 6); // TTL
    rr.writeUInt16BE(rdata.length, 10);
    return Buffer.concat([rr, rdata]);
  });
  return Buffer.concat([header, question, ...answers]);
}

export async function startDnsServer(port = 0): Promise<TestDnsServer> {
  const socket = dgram.createSocket("udp4");
  const txt = new Map<string, string[]>();
  socket.on("message", (msg, rinfo) => {
    try {
      socket.send(answer(msg, txt), rinfo.port, rinfo.address);
    } catch {
      // malformed query: no answer
    }
  });
  await new Promise<void>((resolve) => socket.bind(port, "127.0.0.1", resolve));
  const bound = (socket.address() as AddressInfo).port;
  return {
    address: `127.0.0.1:${bound}`,
    port: bound,
    txt,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
