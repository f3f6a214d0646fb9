// The emulator's request pipeline, in order: every request is answered by the first stage that owns it, and errors
// from any stage are serialised by the first. Modelled on Azurite's middleware chain (dispatch before
// authentication, one error stage, one end stage that writes the answer).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmErrors } from '../arm/arm-errors.js';
import type { DataPlane } from '../dataplane/dataplane.js';
import type { Actor } from '../providers/base.js';
import type { AuthWorld } from './auth-endpoints.js';
import type { ArmEngine } from './engine/engine.js';
import type { FaultInjector } from './faults.js';
import type { Monitor } from './monitoring.js';
import { authenticate } from './pipeline/authenticate.js';
import { limitBody, parseJsonBody, readBody } from './pipeline/body.js';
import { compose, type RequestContext } from './pipeline/context.js';
import { controlApi, type ControlApiParts } from './pipeline/control-api.js';
import { runEngine } from './pipeline/engine.js';
import { serialiseErrors } from './pipeline/errors.js';
import { injectFaults } from './pipeline/faults.js';
import { dataPlaneStage, tokenEndpoints } from './pipeline/planes.js';
import { respond } from './pipeline/respond.js';
import { route } from './pipeline/routing.js';
import { throttle } from './pipeline/throttling.js';
import type { Throttler } from './throttle.js';
import type { TokenService } from './tokens.js';

export interface PipelineParts {
  baseUrl: string;
  world: AuthWorld;
  engine: ArmEngine;
  tokens: TokenService;
  actorFor: (objectId: string) => Actor;
  dataPlane: DataPlane;
  faults: FaultInjector;
  monitor: Monitor;
  throttler: Throttler | undefined;
  control: ControlApiParts;
  /** Bodies over this size are refused with 413 before they are read whole. */
  maxBodyBytes: number;
}

/** The planes that read their own bodies before ARM's sign-in; ARM reads its body only once the caller is known. */
const PLANES_BEFORE_SIGN_IN: ReadonlySet<string> = new Set(['control', 'data', 'token']);
const ARM_PLANE: ReadonlySet<string> = new Set(['arm']);

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

export function createPipeline(parts: PipelineParts): RequestListener {
  const run = compose([
    serialiseErrors(parts.baseUrl, parts.world.tenantId),
    route,
    limitBody(parts.maxBodyBytes),
    readBody(parts.maxBodyBytes, PLANES_BEFORE_SIGN_IN),
    controlApi(parts.control),
    dataPlaneStage(parts.dataPlane),
    tokenEndpoints(parts.tokens, parts.world, parts.baseUrl),
    injectFaults(parts.faults, parts.monitor),
    authenticate(parts.tokens, parts.actorFor),
    readBody(parts.maxBodyBytes, ARM_PLANE),
    throttle(parts.throttler),
    parseJsonBody,
    runEngine(parts.engine),
  ]);
  return (req, res) => {
    const ctx = requestContext(req, parts.baseUrl);
    void run(ctx).then((answer) => respond(res, ctx, answer, parts.monitor));
  };
}

/** Until the pipeline exists (the server listens before its URL, and so the engine, is known): 503. */
export function starting(monitor: Monitor, baseUrl: () => string): RequestListener {
  return (req, res) => {
    const ctx = requestContext(req, baseUrl() || 'https://localhost');
    const error = ArmErrors.starting();
    respond(res, ctx, { status: error.status, body: error.toArmBody() }, monitor);
  };
}

function requestContext(req: IncomingMessage, baseUrl: string): RequestContext {
  return {
    req,
    method: (req.method ?? 'GET').toUpperCase(),
    // Clients may send '//subscriptions/...' (an id appended to a trailing slash); ARM tolerates repeated slashes.
    url: new URL((req.url ?? '/').replace(/\/{2,}/g, '/'), baseUrl),
    started: Date.now(),
    raw: '',
    body: undefined,
    route: undefined,
    actor: undefined,
  };
}
