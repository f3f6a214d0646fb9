import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';
import { RESOURCE_TYPES } from '../arm/resource-types.js';
import { asObject, asString, props, proxyBody } from './base.js';
import { DCE_TYPE } from './data-collection-endpoints.js';
import { DCR_TYPE, requireExisting } from './data-collection-rules.js';
import type { ResourceProvider } from './types.js';

export const DCRA_TYPE = RESOURCE_TYPES.dataCollectionRuleAssociation.type;
/** The only name an association to an endpoint may have (DOMAIN.md; azure-cli issue 28338). */
export const CONFIGURATION_ACCESS_ENDPOINT = 'configurationAccessEndpoint';

export const dataCollectionRuleAssociations: ResourceProvider = {
  type: DCRA_TYPE,
  apiVersions: RESOURCE_TYPES.dataCollectionRuleAssociation.apiVersions,
  tracked: false,
  extension: true,
  schema: proxyBody(
    props({
      description: z.string().optional(),
      dataCollectionRuleId: z.string().optional(),
      dataCollectionEndpointId: z.string().optional(),
    }),
  ),
  readOnly: ['metadata'],
  validate(ctx, req) {
    const properties = asObject(req.body['properties']);
    const ruleId = asString(properties['dataCollectionRuleId']);
    const endpointId = asString(properties['dataCollectionEndpointId']);
    if (ruleId === undefined && endpointId === undefined) {
      throw ArmErrors.associationWithoutTarget();
    }
    if (endpointId !== undefined && req.name.toLowerCase() !== CONFIGURATION_ACCESS_ENDPOINT.toLowerCase()) {
      throw ArmErrors.endpointAssociationName();
    }
    if (ruleId !== undefined) requireExisting(ctx, ruleId, DCR_TYPE, 'properties.dataCollectionRuleId');
    if (endpointId !== undefined) requireExisting(ctx, endpointId, DCE_TYPE, 'properties.dataCollectionEndpointId');
  },
};
