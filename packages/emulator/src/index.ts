export type * from './fleet/types.js';
