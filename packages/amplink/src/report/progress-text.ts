import { count } from './text.js';

/** "40 s", "12 min", "2.5 h": how long something still takes, at the precision a rate allows. */
export function roughDuration(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 90 * 60) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/**
 * "1,234/4,247, 41/s, about 1 min left": how far a phase is, how fast it goes, and when it ends at that speed.
 * The rate is over the phase's own time so far; before one second has passed it says nothing of speed.
 */
export function progressText(progress: { finished: number; total: number; elapsedMs: number }): string {
  const { finished, total, elapsedMs } = progress;
  const done = `${count(finished)}/${count(total)}`;
  if (finished === 0 || finished >= total || elapsedMs < 1000) return done;
  const perSecond = finished / (elapsedMs / 1000);
  const rate = perSecond >= 10 ? Math.round(perSecond).toString() : perSecond.toFixed(1);
  return `${done}, ${rate}/s, about ${roughDuration((total - finished) / perSecond)} left`;
}
