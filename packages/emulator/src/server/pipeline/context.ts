// A request on its way through the pipeline, what a stage answers, and how stages are chained (each may answer, or
// hand the request on and shape the answer that comes back, as in Azurite's middleware chain).
import type { IncomingMessage } from 'node:http';
import type { Actor } from '../../providers/base.js';
import type { Route } from '../routes.js';

export interface RequestContext {
  readonly req: IncomingMessage;
  readonly method: string;
  readonly url: URL;
  /** Date.now() when the request arrived (the request log's time and duration). */
  readonly started: number;
  /** The body as sent (the body stage reads it). */
  raw: string;
  /** Whether a stage started reading the body (an answer to a request whose body was not read closes the connection). */
  bodyRead?: boolean;
  /** The body as JSON (the parsing stage fills it for ARM requests). */
  body: unknown;
  /** Set by the routing stage. */
  route: Route | undefined;
  /** The signed-in caller, set by the authentication stage. */
  actor: Actor | undefined;
}

/** An answer to write, or a connection to drop (an injected reset). */
export type Answer = { status: number; body?: unknown; headers?: Record<string, string> } | { reset: true };

export type Next = () => Promise<Answer>;

export type Stage = (ctx: RequestContext, next: Next) => Promise<Answer>;

/** Runs the stages in order; a stage that does not answer calls `next`. The last stage must answer. */
export function compose(stages: readonly Stage[]): (ctx: RequestContext) => Promise<Answer> {
  const run = (index: number, ctx: RequestContext): Promise<Answer> => {
    const stage = stages[index];
    if (stage === undefined) return Promise.reject(new Error('The pipeline ended without an answer.'));
    return stage(ctx, () => run(index + 1, ctx));
  };
  return (ctx) => run(0, ctx);
}

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
