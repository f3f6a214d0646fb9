// ARM sign-in: a bearer token the emulator issued, for an ARM audience, not expired. ARM's 401 answers, codes as ARM
// returns them.
import { ArmErrors } from '../../arm/arm-errors.js';
import type { Actor } from '../../providers/base.js';
import { ARM_AUDIENCES, type TokenService } from '../tokens.js';
import type { Stage } from './context.js';

export function authenticate(tokens: TokenService, actorFor: (objectId: string) => Actor): Stage {
  return async (ctx, next) => {
    ctx.actor = await signIn(ctx.req.headers.authorization, tokens, actorFor);
    return next();
  };
}

async function signIn(
  header: string | undefined,
  tokens: TokenService,
  actorFor: (objectId: string) => Actor,
): Promise<Actor> {
  if (header === undefined || header === '') throw ArmErrors.authorizationHeaderMissing();
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) throw ArmErrors.authorizationHeaderMalformed();
  const result = await tokens.verifyForArm(match[1]);
  if (result.claims) return actorFor(result.claims.oid);
  if (result.problem === 'expired') throw ArmErrors.tokenExpired();
  if (result.problem === 'audience') throw ArmErrors.tokenAudienceWrong(ARM_AUDIENCES);
  throw ArmErrors.tokenInvalid();
}
