import { z } from 'zod';
import { RESOURCES_API_VERSIONS } from './api-versions.js';
import { tagsSchema } from './base.js';
import type { JsonObject } from '../store/store.js';
import type { ResourceProvider } from './types.js';

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';

export const resourceGroups: ResourceProvider = {
  type: RESOURCE_GROUP_TYPE,
  apiVersions: RESOURCES_API_VERSIONS,
  tracked: true,
  plainEnvelope: true,
  schema: z.looseObject({
    location: z.string().min(1),
    tags: tagsSchema.optional(),
    managedBy: z.string().optional(),
  }) as unknown as z.ZodType<JsonObject>,
  properties: () => ({}),
};
