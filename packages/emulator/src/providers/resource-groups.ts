import { z } from 'zod';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { tagsSchema } from './base.js';
import type { JsonObject } from '../store/store.js';
import type { ResourceProvider } from './types.js';

export const RESOURCE_GROUP_TYPE = RESOURCE_TYPES.resourceGroup.type;

export const resourceGroups: ResourceProvider = {
  type: RESOURCE_GROUP_TYPE,
  apiVersions: RESOURCE_TYPES.resourceGroup.apiVersions,
  tracked: true,
  plainEnvelope: true,
  schema: z.looseObject({
    location: z.string().min(1),
    tags: tagsSchema.optional(),
    managedBy: z.string().optional(),
  }) as unknown as z.ZodType<JsonObject>,
  properties: () => ({}),
};
