// How long operations take. Two profiles: `instant` (the default: every long-running operation ends after
// `lroDelayMs`, synchronous writes answer at once) and `azure` (durations from public evidence, below). A `timeScale`
// runs either one faster or slower than real time: every duration, every Retry-After and the throttling buckets'
// refill are multiplied by it, so a run at timeScale 0.01 lasts 1/100 of its real-time equivalent
// (wall time / timeScale).
import { EmulatorError } from '../arm/errors.js';

export type TimingProfileName = 'instant' | 'azure';
export const TIMING_PROFILES: readonly TimingProfileName[] = ['instant', 'azure'];

export interface TimingOptions {
  /** `instant` (default) or `azure`. */
  profile?: TimingProfileName;
  /** Multiplies every duration and Retry-After (default 1 = real time; 0.01 = 1/100 of real time). */
  timeScale?: number;
}

export type OperationMethod = 'put' | 'delete';

interface OperationTiming {
  put?: number;
  delete?: number;
  /** Where the figure comes from. */
  source: string;
}

/**
 * Real-time durations (ms) of the long-running operations in Azure, by resource type (lower case). Every type the
 * emulator answers with a long-running operation has a row (test/timing.test.ts checks it).
 */
const AZURE_OPERATIONS: Readonly<Record<string, OperationTiming>> = {
  // DOMAIN.md "Time": about half a minute, one at a time per AMPLS. terraform-provider-azurerm issue 22236: five
  // scoped services on one AMPLS, "Creation complete after 36s" for the first (terraform polls every 10 s).
  // No public figure for DELETE; Azure runs it through the same serialised AMPLS operation, so the same duration.
  'microsoft.insights/privatelinkscopes/scopedresources': {
    put: 30_000,
    delete: 30_000,
    source: 'terraform-provider-azurerm issue 22236 ("Creation complete after 36s"); DOMAIN.md "Time"',
  },
  // azure-cli recording test_monitor_private_link_scope_scenario: a connection reject PUT (06:24:57) and DELETE
  // (06:25:24) each answered 202 and were Succeeded at the first poll, 22 s later: at most that long.
  'microsoft.insights/privatelinkscopes/privateendpointconnections': {
    put: 20_000,
    delete: 20_000,
    source: 'azure-cli recording test_monitor_private_link_scope_scenario (Succeeded at the first poll, 22 s later)',
  },
  // PrivateLinkScopes_Delete is long-running in the spec; no public figure: taken as one scoped-resource operation.
  'microsoft.insights/privatelinkscopes': {
    delete: 30_000,
    source: 'no public figure; taken as one AMPLS scoped-resource operation',
  },
  // terraform-provider-azurerm PR 28112: private endpoints still "Still creating... [29s elapsed]" in its log; no
  // completion time shown there, so 30 s is a lower bound taken as the figure.
  'microsoft.network/privateendpoints': {
    put: 30_000,
    delete: 30_000,
    source: 'terraform-provider-azurerm PR 28112 (private endpoints still creating after 29 s); a lower bound',
  },
  // Workspaces_CreateOrUpdate / _Delete are long-running in the spec; no public per-operation figure (terraform's
  // acceptance tests time whole create-read-destroy runs): kept small.
  'microsoft.operationalinsights/workspaces': {
    put: 5_000,
    delete: 5_000,
    source: 'no public per-operation figure; kept small',
  },
  // Azure/terraform-azurerm-aks PR 74: "Still creating... [3m10s elapsed]" for an AKS cluster; minutes, not seconds.
  // amplink never creates clusters; the figure only matters to a client that does.
  'microsoft.containerservice/managedclusters': {
    put: 300_000,
    delete: 300_000,
    source: 'Azure/terraform-azurerm-aks PR 74 (still creating after 3m10s); 5 minutes assumed',
  },
  // terraform-provider-azurerm issue 15440: a firewall policy "Creation complete after 3s", its rule collection groups
  // "Creation complete after 14s" (terraform polls every 10 s). No figure for DELETE: the same assumed.
  'microsoft.network/firewallpolicies': {
    put: 3_000,
    delete: 3_000,
    source: 'terraform-provider-azurerm issue 15440 (policy "Creation complete after 3s")',
  },
  'microsoft.network/firewallpolicies/rulecollectiongroups': {
    put: 14_000,
    delete: 14_000,
    source: 'terraform-provider-azurerm issue 15440 (rule collection groups "Creation complete after 14s")',
  },
  // No public per-operation figure found for a firewall; deploying one is a matter of minutes, as for AKS: 5 assumed.
  'microsoft.network/azurefirewalls': {
    put: 300_000,
    delete: 300_000,
    source: 'no public figure found; minutes, 5 assumed',
  },
  'microsoft.network/routetables': { put: 5_000, delete: 5_000, source: 'no public figure; kept small' },
  'microsoft.network/routetables/routes': { put: 5_000, delete: 5_000, source: 'no public figure; kept small' },
  // Azure Monitor workspace DELETE is long-running in Microsoft.Monitor 2023-04-03 (202 + Location); it also removes
  // the managed resource group's DCE and DCR. No public figure: kept small. Its PUT is synchronous.
  'microsoft.monitor/accounts': { delete: 5_000, source: 'no public figure; kept small' },
  // The Arc resource is written by `az connectedk8s connect` after the agents are installed; no public figure.
  'microsoft.kubernetes/connectedclusters': {
    put: 5_000,
    delete: 5_000,
    source: 'no public figure; kept small',
  },
};

/** A long-running type missing from the table above (there should be none) takes this long. */
const AZURE_DEFAULT_OPERATION_MS = 5_000;

/**
 * Synchronous writes (DCE, DCR, DCRA, AMPLS and Azure Monitor workspace PUT, their DELETE): no public figure; kept
 * small: one ARM round trip of a write that answers 200/201 with the resource.
 */
const AZURE_SYNCHRONOUS_WRITE_MS = 500;

/** What the control API shows (GET /_emulator/timing); durations in real-time milliseconds. */
export interface TimingDescription {
  profile: TimingProfileName;
  timeScale: number;
  /** Long-running operations by resource type (lower case): real-time ms of PUT and DELETE, and the source. */
  operationsMs: Record<string, OperationTiming>;
  /** Long-running operations not listed in operationsMs. */
  defaultOperationMs: number;
  synchronousWriteMs: number;
  /** Retry-After of long-running operations, in real-time seconds (the header carries it × timeScale). */
  retryAfterSeconds: number;
}

/** The input names a message uses (the library's options, or the CLI's flags). */
export interface TimingInputNames {
  profile: string;
  timeScale: string;
  lroDelayMs: string;
}

export const LIBRARY_TIMING_NAMES: TimingInputNames = {
  profile: 'timing.profile',
  timeScale: 'timing.timeScale',
  lroDelayMs: 'lroDelayMs',
};

export class Timing {
  private constructor(
    readonly profile: TimingProfileName,
    readonly timeScale: number,
    private readonly lroDelayMs: number,
    private readonly retryAfterSeconds: number,
  ) {}

  /**
   * Checks the options and builds the timing. `lroDelayMs` (default 200) is the instant profile's duration of every
   * long-running operation; with the azure profile the durations come from the table, so giving both is refused.
   */
  static resolve(
    timing: TimingOptions | undefined,
    legacy: { lroDelayMs?: number | undefined; lroRetryAfterSeconds?: number | undefined },
    names: TimingInputNames = LIBRARY_TIMING_NAMES,
  ): Timing {
    const profile: unknown = timing?.profile ?? 'instant';
    if (typeof profile !== 'string' || !TIMING_PROFILES.includes(profile as TimingProfileName)) {
      throw badOption(
        `${names.profile} '${String(profile)}' is not a timing profile: use 'instant' (the default: operations end after ${names.lroDelayMs}) or 'azure' (Azure's durations).`,
      );
    }
    const timeScale: unknown = timing?.timeScale ?? 1;
    if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale <= 0) {
      const got = typeof timeScale === 'number' && Number.isNaN(timeScale) ? 'not a number' : `'${String(timeScale)}'`;
      throw badOption(
        `${names.timeScale} must be a number greater than 0 (1 = real time, 0.01 = 1/100 of real time); got ${got}.`,
      );
    }
    const lroDelayMs = legacy.lroDelayMs;
    if (lroDelayMs !== undefined && profile === 'azure') {
      throw badOption(
        `${names.lroDelayMs} sets the instant profile's operation time; with ${names.profile} 'azure' each operation takes Azure's time. Drop ${names.lroDelayMs}, or use ${names.profile} 'instant'.`,
      );
    }
    if (lroDelayMs !== undefined && (!Number.isFinite(lroDelayMs) || lroDelayMs < 0)) {
      throw badOption(`${names.lroDelayMs} '${String(lroDelayMs)}' is not a delay: give milliseconds, 0 or more.`);
    }
    const retryAfterSeconds = legacy.lroRetryAfterSeconds ?? 1;
    if (!Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0) {
      throw badOption(
        `lroRetryAfterSeconds '${String(retryAfterSeconds)}' is not a Retry-After: give seconds, 0 or more.`,
      );
    }
    return new Timing(profile as TimingProfileName, timeScale, lroDelayMs ?? 200, retryAfterSeconds);
  }

  /** Wall-clock ms before a long-running operation on `type` completes. */
  operationMs(type: string, method: OperationMethod): number {
    return this.scale(this.realOperationMs(type, method));
  }

  /** Wall-clock ms a client's synchronous write waits before it is answered. */
  synchronousWriteMs(): number {
    return this.scale(this.profile === 'azure' ? AZURE_SYNCHRONOUS_WRITE_MS : 0);
  }

  /**
   * Retry-After for a real-time delay in seconds. At scale 1 an integer as Azure sends it; scaled, the exact
   * value with millisecond precision (amplink and Azure CLI read fractions; @azure/core-lro reads the integer part,
   * and a 0 leaves it polling at its own interval). 0 stays 0: "poll at your own pace".
   */
  retryAfter(realSeconds = this.retryAfterSeconds): string {
    if (realSeconds <= 0) return '0';
    if (this.timeScale === 1) return String(realSeconds);
    return String(Math.max(0.001, Math.round(realSeconds * this.timeScale * 1000) / 1000));
  }

  /** Milliseconds of wall time that stand for `realMs` of Azure's time. */
  scale(realMs: number): number {
    return realMs * this.timeScale;
  }

  describe(): TimingDescription {
    const azure = this.profile === 'azure';
    return {
      profile: this.profile,
      timeScale: this.timeScale,
      operationsMs: azure ? structuredClone(AZURE_OPERATIONS) : {},
      defaultOperationMs: azure ? AZURE_DEFAULT_OPERATION_MS : this.lroDelayMs,
      synchronousWriteMs: azure ? AZURE_SYNCHRONOUS_WRITE_MS : 0,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }

  private realOperationMs(type: string, method: OperationMethod): number {
    if (this.profile === 'instant') return this.lroDelayMs;
    return AZURE_OPERATIONS[type.toLowerCase()]?.[method] ?? AZURE_DEFAULT_OPERATION_MS;
  }
}

/** Whether the azure profile has a figure for this type's long-running operation (test/timing.test.ts). */
export function hasAzureDuration(type: string, method: OperationMethod): boolean {
  return AZURE_OPERATIONS[type.toLowerCase()]?.[method] !== undefined;
}

function badOption(message: string): EmulatorError {
  return new EmulatorError('EMULATOR_BAD_OPTION', message);
}
