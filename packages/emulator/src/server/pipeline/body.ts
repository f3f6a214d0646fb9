// The request body: read as text for every request, parsed as JSON for ARM's (the other planes read their own forms).
import type { IncomingMessage } from 'node:http';
import { ArmErrors } from '../../arm/arm-errors.js';
import { parseJsonc } from '../../deployments/jsonc.js';
import type { Stage } from './context.js';

export const readBody: Stage = async (ctx, next) => {
  ctx.raw = await readText(ctx.req);
  return next();
};

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

function readText(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
