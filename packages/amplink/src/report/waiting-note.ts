import { IN_PROGRESS_CODE } from '../plan/in-progress.js';

/** After apply: resources the clusters need that Azure is still writing, and when to run apply again. */
export function formatWaitingNote(waiting: number): string {
  return `Azure is still working on ${waiting} resource${waiting === 1 ? '' : 's'} the clusters need (${IN_PROGRESS_CODE}): run apply again once ${waiting === 1 ? 'it is' : 'they are'} Succeeded.\n`;
}
