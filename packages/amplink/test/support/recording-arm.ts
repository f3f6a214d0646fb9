import { createHttpHeaders, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { ArmConnection } from '../../src/azure/arm-connection.js';

type Json = Record<string, unknown>;

export interface RecordedRequest {
  method: string;
  /** The URL exactly as the SDK's pipeline would have sent it. */
  url: string;
  body: unknown;
}

export const FAKE_ENDPOINT = 'https://arm.recording.invalid';

/**
 * A stand-in for Azure Resource Manager behind a real ArmConnection (the SDK's pipeline, only the HTTP client
 * replaced): it records every request as it would have gone on the wire, answers GET from the resources given (404
 * otherwise; the caller may do anything) and PUT with 201, remembering what was written. Nothing leaves the process.
 */
export function recordingConnection(resources: readonly Json[]): {
  connection: ArmConnection;
  sent: RecordedRequest[];
} {
  const store = new Map(resources.map((r) => [String(r['id']).toLowerCase(), r]));
  const sent: RecordedRequest[] = [];
  const httpClient: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      const body = typeof request.body === 'string' ? (JSON.parse(request.body) as unknown) : undefined;
      sent.push({ method: request.method, url: request.url, body });
      const key = decodeURIComponent(new URL(request.url).pathname).toLowerCase();
      const answer = (status: number, json?: unknown) => ({
        request,
        status,
        headers: createHttpHeaders({ 'content-type': 'application/json' }),
        bodyAsText: json === undefined ? '' : JSON.stringify(json),
      });
      if (request.method === 'GET' && key.endsWith('/providers/microsoft.authorization/permissions')) {
        return answer(200, { value: [{ actions: ['*'], notActions: [] }] });
      }
      if (request.method === 'GET') {
        const found = store.get(key);
        return found
          ? answer(200, found)
          : answer(404, { error: { code: 'ResourceNotFound', message: `${key} was not found.` } });
      }
      if (request.method === 'PUT') {
        const written = { ...(body as Json), id: decodeURIComponent(new URL(request.url).pathname) };
        store.set(key, written);
        return answer(201, written);
      }
      return answer(405, { error: { code: 'MethodNotAllowed', message: request.method } });
    },
  };
  const connection = new ArmConnection({
    credential: { getToken: () => Promise.resolve({ token: 'recording', expiresOnTimestamp: Date.now() + 3_600_000 }) },
    endpoint: FAKE_ENDPOINT,
    httpClient,
    maxRetries: 0,
    maxAttempts: 1,
  });
  return { connection, sent };
}
