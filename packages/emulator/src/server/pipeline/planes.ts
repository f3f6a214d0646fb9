// The planes that answer before ARM's sign-in: the data plane (Prometheus and Log Analytics query APIs, which check
// their own tokens) and the token endpoints (MSI, OAuth2 client credentials, cloud and OpenID metadata).
import type { DataPlane } from '../../dataplane/dataplane.js';
import { handleAuthRequest, type AuthWorld } from '../auth-endpoints.js';
import type { TokenService } from '../tokens.js';
import type { Stage } from './context.js';

export function dataPlaneStage(dataPlane: DataPlane): Stage {
  return async (ctx, next) => {
    if (ctx.route?.plane !== 'data') return next();
    const answer = await dataPlane.handle(ctx.method, ctx.url, ctx.raw, ctx.req.headers);
    return { status: answer.status, body: answer.body, headers: answer.headers ?? {} };
  };
}

export function tokenEndpoints(tokens: TokenService, world: AuthWorld, baseUrl: string): Stage {
  return async (ctx, next) => {
    if (ctx.route?.plane !== 'token') return next();
    const answer = await handleAuthRequest({ method: ctx.method, url: ctx.url, body: ctx.raw, tokens, world, baseUrl });
    return answer ?? next();
  };
}
