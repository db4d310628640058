// The DNS resolver used to verify domains. DNS_SERVERS (e.g. "127.0.0.1:5353,[::1]:53") points it at
// specific servers — tests run one on loopback; by default the system's resolvers are used.
import { Resolver } from "node:dns/promises";
import { config } from "@/lib/config";

export interface TxtResolver {
  resolveTxt(name: string): Promise<string[][]>;
}

export function dnsResolver(servers = config().DNS_SERVERS): TxtResolver {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  const list = (servers ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (list.length) resolver.setServers(list);
  return resolver;
}
