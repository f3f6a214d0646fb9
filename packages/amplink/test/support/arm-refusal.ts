import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';

/** A refusal as the SDK's pipeline raises it: ARM's `{"error":{"code","message"}}` body and the response headers. */
export function armRefusal(
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): RestError {
  const request = createPipelineRequest({ url: 'https://127.0.0.1/x' });
  return new RestError(`answered ${status}`, {
    statusCode: status,
    request,
    response: {
      status,
      headers: createHttpHeaders(headers),
      request,
      bodyAsText: JSON.stringify({ error: { code, message } }),
    },
  });
}
