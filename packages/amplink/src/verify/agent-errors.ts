/**
 * What users see when private link for Kubernetes monitoring is broken, word for word (DOMAIN.md "What breaks, as
 * users see it"). Findings quote these so that a user can match them to their agents' logs.
 */
export const AGENT_ERRORS = {
  /** mdsd.err of ama-logs (and the handler's 403 for ama-metrics): no configuration DCE, or it is not in the AMPLS. */
  configurationOverPrivateLink:
    'Data collection endpoint must be used to access configuration over private link. ErrorCode: -2146172665',
  /** ama-metrics without configuration. */
  metricsNoConfiguration:
    'TokenConfig.json does not exist; liveness probe: 503 No configuration present for the AKS resource (then "connection refused on 127.0.0.1:55680", a symptom, not the cause; pods restart every 15-25 minutes)',
  /** Cluster and AMW in different regions with a single DCE. */
  prometheusNeverStarts: 'Prometheus never starts: TokenConfig.json does not exist',
  /** DNS answers with public addresses. */
  publicDns: 'the endpoints resolve to public IPs (zone not linked, or a second AMPLS overwrote the A records)',
  /** Ingestion refused by the AMPLS's PrivateOnly mode. */
  privateOnly: 'ingestion mode PrivateOnly blocks every resource that is not in the AMPLS (403 on ingestion)',
} as const;
