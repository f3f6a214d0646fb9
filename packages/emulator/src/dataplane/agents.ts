// Simulated ama-metrics and ama-logs agents: on each tick every monitored cluster's agents fetch their configuration
// and send data, succeeding or failing as the network model decides (network.ts). Successful sends land in the
// sample store, where the PromQL and KQL APIs find them.
import {
  NetworkModel,
  type AgentName,
  type ClusterVerdict,
  type FailureCode,
  type ResourceReader,
  type Step,
} from './network.js';
import type { SampleStore } from './samples.js';

export interface AgentOptions {
  /** Milliseconds between ticks (default 1000). */
  tickMs?: number;
  /** Run the tick timer (default false: call `tick()` yourself). */
  enabled?: boolean;
}

export interface AgentRequestStatus {
  step: Step;
  host: string;
  /** What the name resolved to from the cluster's network. */
  address: string;
  private: boolean;
  ok: boolean;
  code?: FailureCode;
  message?: string;
}

export interface AgentStatus {
  agent: AgentName;
  /** `ok`: the last attempt sent data; `failing`: it did not; `pending`: no tick yet. */
  status: 'ok' | 'failing' | 'pending';
  ok: boolean;
  code?: FailureCode;
  /** The last failure's first message (the one users search for), and all its lines. */
  lastError?: string;
  messages: string[];
  lastErrorTime?: string;
  lastSuccessTime?: string;
  /** Each request of the last attempt, in order (it stops at the first failure). */
  requests: AgentRequestStatus[];
  /** Where the data lands: AMW or LAW resource ids. */
  destinations: string[];
}

export interface ClusterAgentsStatus {
  clusterId: string;
  clusterName: string;
  region: string;
  kind: 'aks' | 'arc';
  vnetId?: string;
  privateLink?: ClusterVerdict['privateLink'];
  agents: AgentStatus[];
}

const NODES = ['aks-nodepool1-0', 'aks-nodepool1-1'];

export class Agents {
  private readonly status = new Map<string, ClusterAgentsStatus>();
  private timer: NodeJS.Timeout | undefined;
  /** Why the last timed round failed, if it did. */
  lastTickError: string | undefined;

  constructor(
    private readonly reader: ResourceReader,
    private readonly samples: SampleStore,
  ) {}

  start(tickMs: number): void {
    this.stop();
    this.timer = setInterval(() => {
      try {
        this.tick();
      } catch (error) {
        // A round that fails (a resource mid-write) is skipped; the next one reads the store again.
        this.lastTickError = error instanceof Error ? error.message : String(error);
      }
    }, tickMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One round for every monitored cluster; returns the status after it. */
  tick(now = Date.now()): ClusterAgentsStatus[] {
    const model = new NetworkModel(this.reader);
    const seen = new Set<string>();
    const time = new Date(now).toISOString();
    for (const verdict of model.evaluateAll()) {
      const key = verdict.clusterId.toLowerCase();
      seen.add(key);
      const previous = this.status.get(key);
      const agents = verdict.agents.map((agent): AgentStatus => {
        const before = previous?.agents.find((a) => a.agent === agent.agent);
        if (agent.ok) this.send(verdict, agent.agent, agent.destinations, now);
        const lastError = agent.ok ? before?.lastError : agent.messages[0];
        const lastErrorTime = agent.ok ? before?.lastErrorTime : time;
        const lastSuccessTime = agent.ok ? time : before?.lastSuccessTime;
        return {
          agent: agent.agent,
          status: agent.ok ? 'ok' : 'failing',
          ok: agent.ok,
          ...(agent.code === undefined ? {} : { code: agent.code }),
          ...(lastError === undefined ? {} : { lastError }),
          messages: agent.messages,
          ...(lastErrorTime === undefined ? {} : { lastErrorTime }),
          ...(lastSuccessTime === undefined ? {} : { lastSuccessTime }),
          requests: agent.requests.map((r) => ({
            step: r.step,
            host: r.host,
            address: r.resolution.address,
            private: r.resolution.private,
            ok: r.ok,
            ...(r.code === undefined ? {} : { code: r.code }),
            ...(r.message === undefined ? {} : { message: r.message }),
          })),
          destinations: agent.destinations.map((d) => d.resourceId),
        };
      });
      this.status.set(key, {
        clusterId: verdict.clusterId,
        clusterName: verdict.clusterName,
        region: verdict.region,
        kind: verdict.kind,
        ...(verdict.vnetId === undefined ? {} : { vnetId: verdict.vnetId }),
        ...(verdict.privateLink === undefined ? {} : { privateLink: verdict.privateLink }),
        agents,
      });
    }
    for (const key of [...this.status.keys()]) if (!seen.has(key)) this.status.delete(key);
    return this.list();
  }

  list(): ClusterAgentsStatus[] {
    return [...this.status.values()];
  }

  clear(): void {
    this.status.clear();
  }

  /** What a successful round stores: `up` per cluster; KubePodInventory, ContainerLogV2 and KubeEvents rows. */
  private send(verdict: ClusterVerdict, agent: AgentName, destinations: { key: string }[], now: number): void {
    const timeGenerated = new Date(now).toISOString();
    const resourceId = verdict.clusterId;
    for (const destination of destinations) {
      if (agent === 'ama-metrics') {
        // ama-metrics adds the `cluster` label to every series it scrapes (one `up` per cluster: the kubelet job).
        this.samples.addSample(
          destination.key,
          { __name__: 'up', cluster: verdict.clusterName, job: 'kubelet', instance: `${NODES[0] ?? 'node'}:10250` },
          { t: now, v: 1 },
        );
        continue;
      }
      const common = { TimeGenerated: timeGenerated, ClusterName: verdict.clusterName, _ResourceId: resourceId };
      this.samples.addRows(
        destination.key,
        'KubePodInventory',
        [
          {
            ...common,
            ClusterId: resourceId,
            Computer: NODES[0] ?? 'node',
            Namespace: 'kube-system',
            Name: 'ama-logs-rs',
            PodStatus: 'Running',
          },
        ],
        now,
      );
      this.samples.addRows(
        destination.key,
        'ContainerLogV2',
        [
          {
            ...common,
            Computer: NODES[1] ?? 'node',
            PodNamespace: 'default',
            PodName: 'web-0',
            ContainerName: 'web',
            LogMessage: 'GET /healthz 200',
            LogSource: 'stdout',
          },
        ],
        now,
      );
      this.samples.addRows(
        destination.key,
        'KubeEvents',
        [
          {
            ...common,
            Namespace: 'default',
            Name: 'web-0',
            Reason: 'Pulled',
            Message: 'Container image already present on machine',
            KubeEventType: 'Normal',
          },
        ],
        now,
      );
    }
  }
}
