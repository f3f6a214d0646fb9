import type { ResourceId } from '../model/resource-id.js';
import { RESOURCE_TYPES } from '../model/resources.js';
import type { PrivateLinkScope } from '../model/topology.js';
import type { AccessMode } from './prerequisite-actions.js';

/** The AMPLS a plan will create (`--create-ampls`), as the rest of the planner sees one: empty, no endpoints yet. */
export function plannedScope(id: ResourceId, modes: { ingestion: AccessMode; query: AccessMode }): PrivateLinkScope {
  const properties = { accessModeSettings: { ingestionAccessMode: modes.ingestion, queryAccessMode: modes.query } };
  return {
    resource: {
      id: id.id,
      key: id.key,
      resourceId: id,
      name: id.name,
      type: RESOURCE_TYPES.privateLinkScope,
      location: 'global',
      tags: {},
      properties,
      raw: { id: id.id, name: id.name, type: RESOURCE_TYPES.privateLinkScope, location: 'global', properties },
    },
    ingestionAccessMode: modes.ingestion,
    queryAccessMode: modes.query,
    privateEndpointConnectionCount: 0,
  };
}
