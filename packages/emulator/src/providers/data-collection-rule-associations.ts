import { z } from 'zod';
import { armError } from '../server/errors.js';
import { DATA_COLLECTION_API_VERSIONS } from './api-versions.js';
import { asObject, asString, props, proxyBody } from './base.js';
import { DCE_TYPE } from './data-collection-endpoints.js';
import { DCR_TYPE, requireExisting } from './data-collection-rules.js';
import type { ResourceProvider } from './types.js';

export const DCRA_TYPE = 'Microsoft.Insights/dataCollectionRuleAssociations';
/** The only name an association to an endpoint may have (DOMAIN.md; azure-cli issue 28338). */
export const CONFIGURATION_ACCESS_ENDPOINT = 'configurationAccessEndpoint';

export const dataCollectionRuleAssociations: ResourceProvider = {
  type: DCRA_TYPE,
  apiVersions: DATA_COLLECTION_API_VERSIONS,
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
      throw armError(
        400,
        'InvalidPayload',
        "The association must have either 'properties.dataCollectionRuleId' or 'properties.dataCollectionEndpointId'.",
      );
    }
    if (endpointId !== undefined && req.name.toLowerCase() !== CONFIGURATION_ACCESS_ENDPOINT.toLowerCase()) {
      // Message as the service words it (azure-cli issue 28338); the code is the service's InvalidEndpointAssociation... family.
      throw armError(
        400,
        'InvalidEndpointAssociationName',
        'Association name for resource to endpoint must be configurationAccessEndpoint',
      );
    }
    if (ruleId !== undefined) requireExisting(ctx, ruleId, DCR_TYPE, 'properties.dataCollectionRuleId');
    if (endpointId !== undefined) requireExisting(ctx, endpointId, DCE_TYPE, 'properties.dataCollectionEndpointId');
  },
};
