// Routing: which route of the one table (../routes.ts) a request is for, decided from its path before anything else
// looks at it; the stages after it act on the route's plane.
import { routeFor, routePath } from '../routes.js';
import type { Stage } from './context.js';

export const route: Stage = (ctx, next) => {
  ctx.route = routeFor(routePath(ctx.method, ctx.url.pathname));
  return next();
};
