/**
 * Writes to one parent that Azure takes one at a time (an AMPLS, a firewall policy), served by rank rather than by
 * arrival. The plan lists the links that other actions wait for first (plan/action-order.ts); served in the order
 * their checks happened to finish, a link thousands of rule updates wait for could end up last in a chain of 63,
 * leaving all those updates to run after the chain instead of alongside it (issue 13: 10,000 clusters took 1.5x the
 * chain's length). A waiting write never overtakes the one already running.
 */
export class ScopeQueues {
  private readonly scopes = new Map<string, { busy: boolean; waiting: { rank: number; go: () => void }[] }>();

  /** Runs `write` when no other write to `scope` runs and no waiting one has a lower rank. */
  async run<T>(scope: string, rank: number, write: () => Promise<T>): Promise<T> {
    let queue = this.scopes.get(scope);
    if (queue === undefined) {
      queue = { busy: false, waiting: [] };
      this.scopes.set(scope, queue);
    }
    if (queue.busy) {
      const waiting = queue.waiting;
      await new Promise<void>((go) => {
        // Sorted by rank, equal ranks by arrival: the first in the list goes next.
        let at = waiting.length;
        while (at > 0 && (waiting[at - 1] as { rank: number }).rank > rank) at--;
        waiting.splice(at, 0, { rank, go });
      });
    }
    queue.busy = true;
    try {
      return await write();
    } finally {
      const next = queue.waiting.shift();
      if (next === undefined) queue.busy = false;
      else next.go();
    }
  }
}
