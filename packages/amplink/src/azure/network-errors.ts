import { AmplinkError } from '../model/errors.js';
import type { AmplinkCode } from '../model/codes.js';

/** Node's (OpenSSL's) codes for a certificate chain that no trusted CA signed. */
const UNTRUSTED_CERTIFICATE = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/** Certificates that are trusted but wrong for this host or this moment. */
const INVALID_CERTIFICATE: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'has expired',
  CERT_NOT_YET_VALID: 'is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'is for another host name',
  HOSTNAME_MISMATCH: 'is for another host name',
  CERT_REVOKED: 'was revoked',
};

const CUT_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const TIMED_OUT = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const UNREACHABLE = new Set(['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN']);

export interface NetworkFailure {
  error: AmplinkError;
  /** Whether trying the same request again soon can succeed: yes for a timeout or a cut connection, no otherwise. */
  retryable: boolean;
}

interface ErrorLike {
  code?: unknown;
  name?: unknown;
  message?: unknown;
  request?: { url?: unknown };
}

function hostOf(url: string | undefined): string {
  if (url === undefined) return 'the server';
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function failure(code: AmplinkCode, message: string, fix: string, retryable: boolean, cause: unknown): NetworkFailure {
  return {
    error: new AmplinkError({ code, message, fix, fault: retryable ? 'azure' : 'user', cause }),
    retryable,
  };
}

/**
 * What went wrong on the way to a server, when a request got no HTTP answer at all: the host and the cause (refused,
 * DNS, timeout, TLS, cut), and whether retrying can help. Undefined for anything else (an HTTP answer, a bug).
 */
export function networkFailure(
  error: unknown,
  options: { url?: string; timeoutMs?: number } = {},
): NetworkFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, name, request } = error as ErrorLike;
  const url = options.url ?? (typeof request?.url === 'string' ? request.url : undefined);
  const host = hostOf(url);
  const endpointFix = 'Check --arm-endpoint (or AMPLINK_ARM_ENDPOINT) and the network path to it';
  if (code === 'ECONNREFUSED') {
    return failure(
      'AMPL_NET_E0001',
      `${host} refused the connection: nothing listens on that port, or a firewall rejects it.`,
      `${endpointFix}; retrying will not help until a server listens there (is the emulator running?).`,
      false,
      error,
    );
  }
  if (code === 'ENOTFOUND') {
    return failure(
      'AMPL_NET_E0002',
      `The host ${hostOf(url).replace(/:\d+$/, '')} does not resolve (DNS has no such name).`,
      `${endpointFix}: the name is misspelt or only resolves inside another network; retrying will not help.`,
      false,
      error,
    );
  }
  if (code === 'EAI_AGAIN') {
    return failure(
      'AMPL_NET_E0002',
      `The host ${hostOf(url).replace(/:\d+$/, '')} could not be resolved now: the DNS server did not answer.`,
      'Check the DNS server this machine uses; retrying may help once it answers.',
      true,
      error,
    );
  }
  if (typeof code === 'string' && UNTRUSTED_CERTIFICATE.has(code)) {
    return failure(
      'AMPL_NET_E0004',
      `The certificate of ${host} is not trusted (${code}): no CA this machine trusts signed it.`,
      `Set NODE_EXTRA_CA_CERTS to the PEM file of the CA that signed it (for the emulator, the ca.pem it prints when it starts), then run again; retrying without it will not help. TLS verification stays on.`,
      false,
      error,
    );
  }
  if (typeof code === 'string' && code in INVALID_CERTIFICATE) {
    return failure(
      'AMPL_NET_E0006',
      `The certificate of ${host} ${INVALID_CERTIFICATE[code] ?? 'is not valid'} (${code}).`,
      `${endpointFix}: this is not the server you meant, or its certificate must be renewed; retrying will not help.`,
      false,
      error,
    );
  }
  if (typeof code === 'string' && UNREACHABLE.has(code)) {
    return failure(
      'AMPL_NET_E0007',
      `${host} cannot be reached (${code}): no route to it from this machine.`,
      `${endpointFix} (a proxy, a firewall, a VPN); retrying helps only once the route is there.`,
      false,
      error,
    );
  }
  // The SDK reports its own request timeout as an AbortError; only the caller that set the timeout can tell it apart
  // from an abort it asked for.
  const timedOut =
    (typeof code === 'string' && TIMED_OUT.has(code)) || (name === 'AbortError' && options.timeoutMs !== undefined);
  if (timedOut) {
    const after = options.timeoutMs === undefined ? '' : ` within ${Number((options.timeoutMs / 1000).toFixed(1))} s`;
    return failure(
      'AMPL_NET_E0003',
      `${host} did not answer${after}: the request timed out.`,
      'Retrying may help: run again (what is done is skipped); if it keeps timing out, check the network path to it.',
      true,
      error,
    );
  }
  if (typeof code === 'string' && CUT_CONNECTION.has(code)) {
    return failure(
      'AMPL_NET_E0005',
      `The connection to ${host} was cut before the answer came (${code}).`,
      'Retrying may help: run again (what is done is skipped); a proxy or firewall that drops connections causes this too.',
      true,
      error,
    );
  }
  return undefined;
}
