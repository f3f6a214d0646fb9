/** What Azure holds after a plan's PUTs succeed, in memory (the library's own simulation). */
export { worldAfter as simulateApply } from '../../src/plan/simulate.js';
