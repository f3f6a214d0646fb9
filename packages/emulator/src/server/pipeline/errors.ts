// Error serialisation, the outermost stage: an EmulatorError below 500 becomes ARM's error body with its status (a
// 401 with the WWW-Authenticate challenge ARM sends); anything else is a 500 InternalServerError.
import { ArmErrors } from '../../arm/arm-errors.js';
import { EmulatorError } from '../../arm/errors.js';
import type { Stage } from './context.js';

export function serialiseErrors(baseUrl: string, tenantId: string): Stage {
  return async (_ctx, next) => {
    try {
      return await next();
    } catch (error) {
      if (error instanceof EmulatorError && error.status < 500) {
        const headers =
          error.status === 401
            ? {
                'WWW-Authenticate': `Bearer authorization_uri="${baseUrl}/${tenantId}", error="invalid_token", error_description="${error.message.replace(/"/g, "'")}"`,
                ...error.headers,
              }
            : error.headers;
        return { status: error.status, body: error.toArmBody(), headers };
      }
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: ArmErrors.internal(message).toArmBody() };
    }
  };
}
