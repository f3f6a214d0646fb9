import { AmplinkError } from '../model/errors.js';
import type { ArmConnection } from '../azure/arm-connection.js';
import { armErrorOf, toAmplinkError } from '../azure/arm-errors.js';
import { queryAllRows, resourceGraphClient, TruncatedAnswer } from '../azure/resource-graph.js';
import { ASSOCIATIONS_QUERY, armJsonOfRow, RESOURCES_QUERY } from './graph-queries.js';

type Json = Record<string, unknown>;

/** How far the Resource Graph queries are: pages read of those known so far, and the rows they held. */
export interface GraphProgress {
  done: number;
  total: number;
  found: number;
}

/**
 * The resources and the clusters' associations, through Azure Resource Graph: two queries, paged, over the given
 * subscriptions. Rows come back as the ARM JSON a GET returns. Throws GraphRefused when Resource Graph cannot serve
 * discovery here (see `graphRefusal`), an AmplinkError for anything else.
 */
export async function readThroughGraph(
  connection: ArmConnection,
  subscriptions: readonly string[],
  onProgress: (progress: GraphProgress) => void = () => undefined,
): Promise<{ resources: Json[]; associations: Json[] }> {
  const client = resourceGraphClient(connection);
  const pagesKnown = new Map<string, number>();
  let done = 0;
  let found = 0;
  const read = async (name: string, query: string): Promise<Json[]> => {
    try {
      const rows = await queryAllRows(connection, client, query, {
        subscriptions,
        onPage: (page) => {
          pagesKnown.set(name, page.pagesKnown);
          done += 1;
          found += page.rows;
          onProgress({ done, total: [...pagesKnown.values()].reduce((a, b) => a + b, 0), found });
        },
      });
      return rows.map(armJsonOfRow);
    } catch (error) {
      const refusal = graphRefusal(error);
      if (refusal !== undefined) throw new GraphRefused(refusal, error);
      throw toAmplinkError(error, `Querying Azure Resource Graph for the ${name}`);
    }
  };
  const [resources, associations] = await Promise.all([
    read('resources', RESOURCES_QUERY),
    read("clusters' data collection rule associations", ASSOCIATIONS_QUERY),
  ]);
  return { resources, associations };
}

/** Resource Graph refused or is absent; `reason` says what it answered. */
export class GraphRefused extends Error {
  override readonly name = 'GraphRefused';
  constructor(
    readonly reason: string,
    override readonly cause: unknown,
  ) {
    super(reason);
  }
}

/**
 * Why Resource Graph cannot serve discovery at this endpoint, or undefined when the failure is of another kind (sign-in,
 * network, throttling past every retry), which ARM listing would meet too. Refusals: 403 (a deny assignment, a
 * policy), 404 (a cloud or a proxy without Microsoft.ResourceGraph), 400 (the provider not registered, an api-version
 * or a query this Resource Graph does not take), a registration missing, and an answer cut short without a $skipToken.
 */
export function graphRefusal(error: unknown): string | undefined {
  if (error instanceof TruncatedAnswer) return error.message;
  const arm = armErrorOf(error);
  if (arm?.status === undefined) return undefined;
  const detail = detailOf(error);
  const said = `${arm.status} ${arm.code}${detail ? ` (${detail})` : ''}: ${arm.message}`;
  if (arm.status === 400 || arm.status === 403 || arm.status === 404) return said;
  if (/registration|registeredprovider/i.test(arm.code)) return said;
  return undefined;
}

/** Resource Graph's error details name the mistake (InvalidQuery, then e.g. ParserFailure with the words). */
function detailOf(error: unknown): string | undefined {
  const details = (error as { details?: { error?: { details?: { code?: string; message?: string }[] } } }).details
    ?.error?.details;
  if (!Array.isArray(details) || details.length === 0) return undefined;
  return details
    .map((d) => [d.code, d.message].filter((part) => typeof part === 'string' && part !== '').join(': '))
    .filter((text) => text !== '')
    .join('; ');
}

/** `--discovery graph` where Resource Graph is refused: a coded error, nothing read. */
export function graphRefusedError(refused: GraphRefused, endpoint: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_DISCOVER_E0004',
    message: `Azure Resource Graph at ${endpoint} cannot serve discovery (--discovery graph): it answered ${refused.reason}`,
    fault: 'azure',
    fix: 'Use --discovery auto (Resource Graph where it answers, else ARM listing) or --discovery arm (lists every type per subscription and each cluster, slower); a Reader role covers both.',
    cause: refused.cause,
  });
}
