import { stringify } from 'yaml';
import { AmplinkError, shownInput } from '../model/errors.js';
import type { RemoteWriteTarget } from '../plan/remote-write.js';

/**
 * The Prometheus `remote_write` block that sends to an Azure Monitor workspace with Entra ID auth. Prometheus's
 * `azuread` block (Prometheus configuration reference, `<azuread>`; the Azure Monitor remote-write articles use it):
 * `cloud` (AzurePublic | AzureChina | AzureGovernment) and exactly one of `managed_identity: { client_id }` (a
 * user-assigned identity), `oauth: { client_id, client_secret, tenant_id }` (an Entra application, Prometheus >= 2.48)
 * or `sdk: { tenant_id }` (the Azure SDK's default credential chain from the environment, Prometheus >= 2.52).
 */
export const REMOTE_WRITE_AUTH_METHODS = ['managed-identity', 'oauth', 'sdk'] as const;
export type RemoteWriteAuthMethod = (typeof REMOTE_WRITE_AUTH_METHODS)[number];
export const AZURE_CLOUDS = ['AzurePublic', 'AzureChina', 'AzureGovernment'] as const;
export type AzureCloudName = (typeof AZURE_CLOUDS)[number];

export interface RemoteWriteAuth {
  /** Default: managed-identity. */
  method?: RemoteWriteAuthMethod;
  /** The identity's or the application's client id (managed-identity, oauth). */
  clientId?: string;
  /** The Entra tenant (oauth, sdk). */
  tenantId?: string;
  /** Default: AzurePublic. */
  cloud?: AzureCloudName;
}

/** The `azuread` block as Prometheus reads it (snake_case keys). */
export interface AzureAdConfig {
  cloud: AzureCloudName;
  managed_identity?: { client_id: string };
  oauth?: { client_id: string; client_secret: string; tenant_id: string };
  sdk?: { tenant_id: string };
}

export interface PrometheusRemoteWriteConfig {
  remote_write: { url: string; azuread: AzureAdConfig }[];
}

/**
 * Stands where the application's secret goes: amplink never sees or prints a secret. Prometheus's azuread oauth block
 * takes the secret inline.
 */
export const CLIENT_SECRET_PLACEHOLDER = '<CLIENT_SECRET>';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function authError(message: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_REMOTEWRITE_E0005',
    message,
    fix: '--auth managed-identity --client-id ID (a user-assigned identity); --auth oauth --client-id APP_ID --tenant-id TENANT (an Entra application); or --auth sdk --tenant-id TENANT (the Azure SDK credential from the environment, e.g. workload identity).',
  });
}

function guid(value: string | undefined, flag: string, method: string): string {
  if (value === undefined) throw authError(`--auth ${method} needs ${flag}.`);
  if (!GUID.test(value)) throw authError(`${flag} '${shownInput(value)}' is not a GUID.`);
  return value;
}

/** The azuread block for the chosen method; coded errors for a method without what it needs. */
export function azureAdConfig(auth: RemoteWriteAuth = {}): AzureAdConfig {
  const method: unknown = auth.method ?? 'managed-identity';
  const cloud: unknown = auth.cloud ?? 'AzurePublic';
  const knownCloud = AZURE_CLOUDS.find((c) => c === cloud);
  if (knownCloud === undefined)
    throw authError(`--cloud '${shownInput(String(cloud))}' is not one of ${AZURE_CLOUDS.join(', ')}.`);
  switch (method) {
    case 'managed-identity':
      if (auth.tenantId !== undefined) throw authError('--auth managed-identity takes no --tenant-id.');
      return { cloud: knownCloud, managed_identity: { client_id: guid(auth.clientId, '--client-id', method) } };
    case 'oauth':
      return {
        cloud: knownCloud,
        oauth: {
          client_id: guid(auth.clientId, '--client-id', method),
          client_secret: CLIENT_SECRET_PLACEHOLDER,
          tenant_id: guid(auth.tenantId, '--tenant-id', method),
        },
      };
    case 'sdk':
      if (auth.clientId !== undefined)
        throw authError('--auth sdk takes no --client-id (the SDK reads it from the environment).');
      return { cloud: knownCloud, sdk: { tenant_id: guid(auth.tenantId, '--tenant-id', method) } };
    default:
      throw authError(`--auth '${shownInput(String(method))}' is not one of ${REMOTE_WRITE_AUTH_METHODS.join(', ')}.`);
  }
}

export function remoteWriteConfig(target: RemoteWriteTarget, auth: RemoteWriteAuth = {}): PrometheusRemoteWriteConfig {
  return { remote_write: [{ url: target.url, azuread: azureAdConfig(auth) }] };
}

/** As YAML to paste under prometheus.yml, with what to know about it as comments. */
export function remoteWriteConfigYaml(target: RemoteWriteTarget, config: PrometheusRemoteWriteConfig): string {
  const secret = config.remote_write.some((w) => w.azuread.oauth !== undefined)
    ? [`# Put the application's client secret in place of ${CLIENT_SECRET_PLACEHOLDER} (amplink never prints secrets).`]
    : [];
  return [
    `# Remote write to Azure Monitor workspace ${target.workspace.resource.name} through its default DCE ${target.endpoint.resource.name}.`,
    '# The identity needs the role Monitoring Metrics Publisher on the DCR; from a site, the DCE host must resolve to the',
    '# private endpoint (amplink plan --remote-write VNET_ID --workspace ID checks it).',
    ...secret,
    stringify(config, { lineWidth: 0 }),
  ].join('\n');
}
