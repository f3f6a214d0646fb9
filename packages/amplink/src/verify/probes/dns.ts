import { Resolver } from 'node:dns/promises';
import { isPrivateAddress } from '../network-index.js';
import type { DnsProbe } from './types.js';

/** Resolves each host from where amplink runs, through the given servers or the system's resolver. */
export async function probeDns(
  hosts: readonly { host: string; use: string }[],
  options: { servers?: string[]; timeoutMs: number },
): Promise<DnsProbe[]> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  if (options.servers && options.servers.length > 0) resolver.setServers(options.servers);
  const results: DnsProbe[] = [];
  for (const { host, use } of hosts) {
    try {
      const addresses = (await resolver.resolve4(host)).sort();
      const allPrivate = addresses.every(isPrivateAddress);
      results.push({
        host,
        use,
        addresses,
        status: allPrivate ? 'private' : 'public',
        detail: allPrivate
          ? `resolves to private ${addresses.join(', ')}: traffic goes to a private endpoint`
          : `resolves to public ${addresses.join(', ')}: the endpoint is reached over the internet from here`,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const unresolved = code === 'ENOTFOUND' || code === 'ENODATA';
      results.push({
        host,
        use,
        addresses: [],
        status: unresolved ? 'unresolved' : 'not-checked',
        detail: unresolved
          ? `does not resolve (${code}): the agents cannot reach it`
          : `not checked: the DNS server did not answer (${code || (error as Error).message})`,
      });
    }
  }
  return results;
}
