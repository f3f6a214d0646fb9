// The end of a request: the answer written with ARM's headers (request and correlation ids), and the request log.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Monitor } from '../monitoring.js';
import { bodyUnread } from './body.js';
import type { Answer, RequestContext } from './context.js';

export function respond(res: ServerResponse, ctx: RequestContext, answer: Answer, monitor: Monitor): void {
  const entry = { time: new Date(ctx.started).toISOString(), method: ctx.method, path: ctx.url.pathname };
  if ('reset' in answer) {
    monitor.record({ ...entry, status: 0, durationMs: Date.now() - ctx.started });
    ctx.req.socket.destroy();
    return;
  }
  const text = answer.body === undefined ? '' : JSON.stringify(answer.body);
  const requestId = randomUUID();
  res.writeHead(answer.status, {
    ...(text !== '' ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
    'Content-Length': Buffer.byteLength(text),
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': String(ctx.req.headers['x-ms-correlation-request-id'] ?? requestId),
    ...(answer.headers ?? {}),
    // A body nobody read (a refused caller's) is not drained: the connection ends with the answer.
    ...(bodyUnread(ctx) ? { Connection: 'close' } : {}),
  });
  res.end(text);
  monitor.record({
    ...entry,
    status: answer.status,
    ...(ctx.actor ? { principal: ctx.actor.objectId } : {}),
    durationMs: Date.now() - ctx.started,
  });
}
