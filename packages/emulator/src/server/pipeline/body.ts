// The request body. Its size is checked before it is read (Content-Length) and while it is read (chunked bodies), so
// an oversized body is refused with 413 without being held in memory; ARM requests read theirs only after sign-in,
// so an unauthenticated caller cannot make the emulator buffer anything. Parsed as JSON for ARM (the other planes
// read their own forms).
import { ArmErrors } from '../../arm/arm-errors.js';
import { parseJsonc } from '../../deployments/jsonc.js';
import type { RequestContext, Stage } from './context.js';

/**
 * The largest body the emulator reads: 4 MiB, ARM's limit for a request's content (the documented ceiling of a
 * deployment's request, the largest body ARM takes: Microsoft Learn, "Resolve errors for job size exceeded").
 */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Refuses a body that says it is too large before anything is read. */
export function limitBody(maxBytes: number): Stage {
  return (ctx, next) => {
    const declared = Number(ctx.req.headers['content-length'] ?? '0');
    if (Number.isFinite(declared) && declared > maxBytes) throw ArmErrors.bodyTooLarge(maxBytes);
    return next();
  };
}

/** Reads the body for the planes named (ARM's is read after sign-in by `readArmBody`). */
export function readBody(maxBytes: number, planes: ReadonlySet<string>): Stage {
  return async (ctx, next) => {
    if (ctx.route !== undefined && planes.has(ctx.route.plane)) ctx.raw = await readText(ctx, maxBytes);
    return next();
  };
}

export const parseJsonBody: Stage = (ctx, next) => {
  if (ctx.raw.length > 0) {
    try {
      ctx.body = JSON.parse(ctx.raw);
    } catch {
      // A deployment's template arrives as Azure CLI read it from the file (comments and all), as ARM accepts it.
      ctx.body = ctx.route?.name === 'template deployments' ? parseJsoncBody(ctx.raw) : undefined;
      if (ctx.body === undefined) throw ArmErrors.bodyNotJson();
    }
  }
  return next();
};

function parseJsoncBody(raw: string): unknown {
  try {
    return parseJsonc(raw);
  } catch {
    return undefined;
  }
}

/** Whether the request has a body nobody read (its connection is closed after the answer rather than drained). */
export function bodyUnread(ctx: RequestContext): boolean {
  const headers = ctx.req.headers;
  const declared = headers['content-length'];
  const hasBody = (declared !== undefined && declared !== '0') || headers['transfer-encoding'] !== undefined;
  return hasBody && ctx.bodyRead !== true;
}

function readText(ctx: RequestContext, maxBytes: number): Promise<string> {
  const req = ctx.req;
  ctx.bodyRead = true;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer): void => {
      size += c.length;
      if (size > maxBytes) {
        req.off('data', onData);
        req.pause();
        reject(ArmErrors.bodyTooLarge(maxBytes));
        return;
      }
      chunks.push(c);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
