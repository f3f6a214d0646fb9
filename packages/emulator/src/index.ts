export * from './fleet/index.js';
export { startEmulator, applyFleet, defaultFleet } from './server/emulator.js';
export type { EmulatorOptions, RunningEmulator, EmulatorTokenCredential } from './server/emulator.js';
export { EmulatorError } from './server/errors.js';
export type { FaultOptions, FaultRule, FaultKind } from './server/faults.js';
export type { ThrottlingOptions, BucketLimit } from './server/throttle.js';
export type { Counters, RequestLogEntry } from './server/monitoring.js';
