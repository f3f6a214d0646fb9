/**
 * DNS as each VNet of the fleet sees it, on loopback.
 *
 * A DNS query carries no VNet, so the emulator listens once per VNet: one UDP socket on 127.0.0.1 with its own port
 * (picked by the OS, or the first free ones of a range: --dns-ports; none with --no-dns), plus one for "the internet"
 * (no VNet: every name public). `dnsServers()` lists
 * `{ vnetId, vnetName, address, port }`; point a resolver at `127.0.0.1:<port>` of the VNet whose view you want.
 * Sockets follow the VNets in the store: each `sync()` opens sockets for new VNets and closes those of deleted ones.
 *
 * Answers (network.ts `resolve`): A records for names under the Azure Monitor suffixes (`*.monitor.azure.com`,
 * `*.opinsights.azure.com`, `*.azure-automation.net`, `*.blob.core.windows.net`) and `login.microsoftonline.com`:
 * the private endpoint's address when the VNet's linked zone holds the record, else a public-looking TEST-NET-3
 * address (203.0.113.0/24). These are answers only; nothing listens there. Other names: NXDOMAIN. Other types: no data.
 */
import { createSocket, type Socket } from 'node:dgram';
import dnsPacket from 'dns-packet';
import { EmulatorError } from '../arm/errors.js';
import type { NetworkModel } from './network.js';

export interface DnsServerInfo {
  /** The VNet whose view this server answers with; undefined for the internet's view. */
  vnetId?: string;
  vnetName: string;
  address: string;
  port: number;
}

const ANSWERED_SUFFIXES = [
  '.monitor.azure.com',
  '.opinsights.azure.com',
  '.azure-automation.net',
  '.blob.core.windows.net',
  'login.microsoftonline.com',
];

/** Where the DNS servers listen: off, OS-chosen ports, or the first free ports of a range the user chose. */
export interface DnsOptions {
  /** Default true; false opens no socket (dnsServers() is empty). */
  enabled?: boolean;
  /** Inclusive port range on 127.0.0.1; default: ports the OS picks. */
  ports?: { from: number; to: number };
}

interface Listener {
  info: DnsServerInfo;
  socket: Socket;
}

export class DnsServers {
  private readonly listeners = new Map<string, Listener>();
  private syncing: Promise<void> = Promise.resolve();

  constructor(
    private readonly model: () => NetworkModel,
    private readonly vnets: () => { id: string; name: string }[],
    private readonly options: DnsOptions = {},
  ) {}

  /** Opens a socket per VNet (and one for the internet), closes those of VNets that are gone. */
  sync(): Promise<void> {
    const run = this.syncing.then(() => this.syncNow());
    // The next sync runs after this one even when it failed (its caller has the error).
    this.syncing = run.catch(() => undefined);
    return run;
  }

  private async syncNow(): Promise<void> {
    if (this.options.enabled === false) return;
    const wanted = new Map<string, { id?: string; name: string }>([['internet', { name: 'internet' }]]);
    for (const vnet of this.vnets()) wanted.set(vnet.id.toLowerCase(), vnet);
    for (const [key, listener] of this.listeners) {
      if (!wanted.has(key)) {
        listener.socket.close();
        this.listeners.delete(key);
      }
    }
    for (const [key, vnet] of wanted) {
      if (this.listeners.has(key)) continue;
      const socket = await this.bind();
      socket.unref();
      socket.on('message', (message, remote) => this.answer(socket, vnet.id, message, remote.address, remote.port));
      socket.on('error', () => undefined);
      this.listeners.set(key, {
        socket,
        info: {
          ...(vnet.id === undefined ? {} : { vnetId: vnet.id }),
          vnetName: vnet.name,
          address: '127.0.0.1',
          port: socket.address().port,
        },
      });
    }
  }

  /** A socket on the next free port of the range (or one the OS picks); an exhausted range is an error. */
  private async bind(): Promise<Socket> {
    const range = this.options.ports;
    if (range === undefined) return bindTo(0);
    const used = new Set([...this.listeners.values()].map((l) => l.info.port));
    for (let port = range.from; port <= range.to; port++) {
      if (used.has(port)) continue;
      try {
        return await bindTo(port);
      } catch {
        // in use by something else: try the next one
      }
    }
    throw new EmulatorError(
      'EMULATOR_DNS_PORTS_EXHAUSTED',
      `No free UDP port left in the DNS port range ${range.from}-${range.to} (the emulator needs one per VNet and one for the internet); fix: give a wider range with --dns-ports FROM-TO, or --no-dns.`,
    );
  }

  list(): DnsServerInfo[] {
    return [...this.listeners.values()].map((l) => l.info);
  }

  private answer(socket: Socket, vnetId: string | undefined, message: Buffer, address: string, port: number): void {
    let query: dnsPacket.Packet;
    try {
      query = dnsPacket.decode(message);
    } catch {
      return;
    }
    const question = query.questions?.[0];
    const base = {
      type: 'response' as const,
      id: query.id ?? 0,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: query.questions ?? [],
    };
    let response: dnsPacket.Packet = { ...base, answers: [] };
    if (question !== undefined) {
      const name = question.name.toLowerCase().replace(/\.$/, '');
      const known = ANSWERED_SUFFIXES.some((s) => name.endsWith(s));
      if (!known) {
        response = { ...base, flags: base.flags | 3 /* NXDOMAIN */, answers: [] };
      } else if (question.type === 'A') {
        const resolution = this.model().resolve(vnetId, name);
        response = {
          ...base,
          answers: [{ type: 'A', name: question.name, ttl: 10, class: 'IN', data: resolution.address }],
        };
      }
    }
    socket.send(dnsPacket.encode(response), port, address);
  }

  async close(): Promise<void> {
    await this.syncing;
    for (const listener of this.listeners.values()) listener.socket.close();
    this.listeners.clear();
  }
}

function bindTo(port: number): Promise<Socket> {
  const socket = createSocket('udp4');
  return new Promise((resolve, reject) => {
    socket.once('error', (error) => {
      socket.close();
      reject(error);
    });
    socket.bind(port, '127.0.0.1', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}
