// The fleet module's public surface: the format, its expansion and the benchmark generator.
export { expandFleet, loadFleetFile, parseFleet, AMPLS_PRIVATE_DNS_ZONES } from './expand.js';
export { generateFleet, AZURE_REGIONS, type GenerateFleetOptions } from './generate.js';
export { fleetSchema, builtInRoles, type FleetDocument, type Fleet } from './schema.js';
export { FleetError, type FleetErrorCode, type FleetProblem } from './errors.js';
export * as azureCliNames from './names.js';
export { apiVersions } from './apiVersions.js';
export type * from './types.js';
