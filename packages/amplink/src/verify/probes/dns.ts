import { Resolver } from 'node:dns/promises';
import { isPrivateAddress } from '../../model/ip-address.js';
import type { DnsName, DnsProbe } from './types.js';

/** A name that resolves to a public address, or not at all, from inside the network: the agents miss the private endpoint. */
export function isDnsBroken(probe: DnsProbe): boolean {
  return (probe.status === 'public' && probe.publicExpected === undefined) || probe.status === 'unresolved';
}

/**
 * A name the agents use, not resolved: only a resolver inside the clusters' network sees the private DNS zones linked
 * there, so the answer of the resolver where amplink runs would prove nothing either way.
 */
export function dnsNotChecked({ host, use, publicExpected }: DnsName): DnsProbe {
  return {
    host,
    use,
    ...(publicExpected !== undefined && { publicExpected }),
    addresses: [],
    status: 'not-checked',
    detail: `not checked: only a resolver inside the clusters' network can tell (--dns-server IP[:PORT]); from a pod: nslookup ${host}`,
  };
}

/** Resolves each host through the given servers: resolvers inside the clusters' network. */
export async function probeDns(
  hosts: readonly DnsName[],
  options: { servers: string[]; timeoutMs: number },
): Promise<DnsProbe[]> {
  const resolver = new Resolver({ timeout: options.timeoutMs, tries: 1 });
  resolver.setServers(options.servers);
  const results: DnsProbe[] = [];
  for (const { host, use, publicExpected } of hosts) {
    const expected = publicExpected === undefined ? {} : { publicExpected };
    try {
      const addresses = (await resolver.resolve4(host)).sort();
      const allPrivate = addresses.every(isPrivateAddress);
      results.push({
        host,
        use,
        ...expected,
        addresses,
        status: allPrivate ? 'private' : 'public',
        detail: allPrivate
          ? `resolves to private ${addresses.join(', ')}: traffic goes to a private endpoint`
          : publicExpected !== undefined
            ? `resolves to public ${addresses.join(', ')}, as expected: ${publicExpected}`
            : `resolves to public ${addresses.join(', ')}: from this network its users miss the private endpoint (is the private DNS zone linked to it, with this record?)`,
      });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      const unresolved = code === 'ENOTFOUND' || code === 'ENODATA';
      results.push({
        host,
        use,
        ...expected,
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
