/** The fixed texts the planner puts in what it writes; the plan-file check holds a plan file to exactly these. */
export const ASSOCIATION_DESCRIPTION = 'Configuration access endpoint of the cluster region (amplink).';

export function endpointDescription(region: string): string {
  return `Configuration access endpoint for the Kubernetes clusters in ${region} (amplink).`;
}
