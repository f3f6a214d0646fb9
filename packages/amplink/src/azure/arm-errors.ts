import { isRestError } from '@azure/core-rest-pipeline';
import { AmplinkError, isAmplinkError } from '../model/errors.js';
import { parseJsonOrUndefined } from './json.js';
import { networkFailure } from './network-errors.js';
import { azureAnswerCode } from '../model/codes.js';

interface ArmErrorBody {
  error?: { code?: string; message?: string };
}

/** ARM's own error code and message, from a RestError's body when there is one. */
export function armErrorOf(error: unknown): { status: number | undefined; code: string; message: string } | undefined {
  if (!isRestError(error)) return undefined;
  const body = parseJsonOrUndefined(error.response?.bodyAsText) as ArmErrorBody | undefined;
  return {
    status: error.statusCode,
    code: body?.error?.code ?? error.code ?? 'Unknown',
    message: body?.error?.message ?? error.message,
  };
}

/**
 * Why a refused request is worth trying again, or undefined when it is not: throttling (429) after the pipeline's own
 * retries, a busy AMPLS (409 "Cannot modify resource while in provisioning state", terraform-provider-azurerm
 * issue 22236), and a request that timed out (an abort that the caller's own signal did not ask for).
 */
export function transientReason(error: unknown, signal?: AbortSignal): string | undefined {
  if (signal?.aborted) return undefined;
  const arm = armErrorOf(error);
  if (arm?.status === 429) return 'Azure is throttling requests';
  if (arm?.status === 409 && /provisioning state/i.test(arm.message)) return 'the AMPLS is busy with another change';
  if (error instanceof Error && error.name === 'AbortError') return 'the request timed out';
  return undefined;
}

/** ARM's AuthorizationFailed message names the action and the scope: "...perform action 'X' over scope 'Y'...". */
export function missingPermission(message: string): { action: string; scope: string } | undefined {
  const match = /perform action '([^']+)' over scope '([^']+)'/i.exec(message);
  return match ? { action: match[1] as string, scope: match[2] as string } : undefined;
}

/** Turns a failed ARM call into an AmplinkError that says what was refused and what to do about it. */
export function toAmplinkError(error: unknown, what: string): AmplinkError {
  if (isAmplinkError(error)) return error;
  const network = networkFailure(error);
  if (network !== undefined) return network.error;
  const arm = armErrorOf(error);
  // A RestError without a status never reached Azure: it is not "Azure answered".
  if (arm === undefined || arm.status === undefined) {
    // @azure/identity's errors when no credential could sign in (none configured, or each one refused).
    const name = (error as { name?: string } | null | undefined)?.name ?? '';
    if (
      /^(CredentialUnavailableError|AggregateAuthenticationError|AuthenticationRequiredError|AuthenticationError)$/.test(
        name,
      )
    ) {
      return new AmplinkError({
        code: 'AMPL_AZURE_E0401',
        message: `${what}: no Azure credential could sign in (${name}).`,
        fix: 'Sign in with `az login`, or set up workload identity, a managed identity, or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET; `--snapshot FILE` plans without Azure.',
        cause: error,
      });
    }
    return new AmplinkError({
      code: 'AMPL_AZURE_E0000',
      message: `${what} failed: ${(error as { message?: string } | null | undefined)?.message ?? String(error)}.`,
      fault: 'azure',
      fix: 'Check the network path to Azure Resource Manager (--arm-endpoint) and try again; a re-run continues where this one stopped.',
      cause: error,
    });
  }
  if (arm.status === 401) {
    return new AmplinkError({
      code: 'AMPL_AZURE_E0401',
      message: `${what}: Azure did not accept the credential (${arm.code}: ${arm.message}).`,
      fault: 'user',
      fix: 'Sign in again (az login, or the managed identity / workload identity amplink runs as) and check the tenant.',
      cause: error,
    });
  }
  if (arm.status === 403) {
    const missing = missingPermission(arm.message);
    return new AmplinkError({
      code: 'AMPL_AZURE_E0403',
      // Azure's own words stay in the message: they name the principal, and sometimes a condition or a deny assignment.
      message: missing
        ? `${what}: permission denied — the signed-in principal may not perform '${missing.action}' on '${missing.scope}'. Azure: ${arm.code}: ${arm.message}`
        : `${what}: permission denied (${arm.code}): ${arm.message}`,
      fault: 'user',
      fix: missing
        ? `Grant a role that includes ${missing.action} at ${missing.scope} (e.g. Monitoring Contributor); \`amplink permissions --ampls ID\` lists every permission the plan needs.`
        : '`amplink permissions --ampls ID` lists the permissions the plan needs, per scope.',
      cause: error,
    });
  }
  if (arm.status === 404 && arm.code === 'SubscriptionNotFound') {
    return new AmplinkError({
      code: 'AMPL_AZURE_E0404',
      message: `${what}: Azure answered 404 SubscriptionNotFound: ${arm.message}`,
      fix: 'Check the subscription id (`az account list -o table` lists those the credential sees; a name is looked up only with --subscription), or sign in as a principal with Reader on it.',
      cause: error,
    });
  }
  return new AmplinkError({
    code: azureAnswerCode(arm.status),
    message: `${what}: Azure answered ${arm.status} ${arm.code}: ${arm.message}`,
    fault: arm.status < 500 ? 'user' : 'azure',
    fix:
      arm.status < 500
        ? 'Fix what the message names, then run again; actions already done are skipped.'
        : 'Azure had a problem; run again later — actions already done are skipped.',
    cause: error,
  });
}
