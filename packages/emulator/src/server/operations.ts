// Long-running operations: an operation status resource that SDK pollers (@azure/core-lro) and Azure CLI follow,
// completing after a configurable delay.
import { randomUUID } from 'node:crypto';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';

export interface Operation {
  id: string;
  resourceId: string;
  /** Writes sharing a key are serialised (AMPLS). */
  lockKey: string | undefined;
  status: OperationStatus;
  startTime: string;
  endTime?: string;
  /** Path of the status resource (Azure-AsyncOperation). */
  statusPath: string;
}

export class OperationTracker {
  private readonly operations = new Map<string, Operation>();
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; complete: () => void; op: Operation }>();

  start(input: {
    resourceId: string;
    lockKey: string | undefined;
    delayMs: number;
    statusPath: (operationId: string) => string;
    complete: () => void;
  }): Operation {
    const id = randomUUID();
    const op: Operation = {
      id,
      resourceId: input.resourceId,
      lockKey: input.lockKey,
      status: 'InProgress',
      startTime: new Date().toISOString(),
      statusPath: input.statusPath(id),
    };
    this.operations.set(id, op);
    if (this.operations.size > 50_000) this.forgetOldest();
    const finish = (): void => {
      this.pending.delete(id);
      try {
        input.complete();
        op.status = 'Succeeded';
      } catch {
        op.status = 'Failed';
      }
      op.endTime = new Date().toISOString();
    };
    if (input.delayMs <= 0) finish();
    else {
      const timer = setTimeout(finish, input.delayMs);
      timer.unref();
      this.pending.set(id, { timer, complete: finish, op });
    }
    return op;
  }

  get(id: string): Operation | undefined {
    return this.operations.get(id.toLowerCase()) ?? this.operations.get(id);
  }

  inProgress(lockKey: string): Operation | undefined {
    for (const { op } of this.pending.values()) if (op.lockKey === lockKey) return op;
    return undefined;
  }

  /** Completes everything still running (stop, snapshot before persistence). */
  completeAll(): void {
    for (const { timer, complete } of [...this.pending.values()]) {
      clearTimeout(timer);
      complete();
    }
  }

  clear(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    this.operations.clear();
  }

  private forgetOldest(): void {
    for (const [id, op] of this.operations) {
      if (op.status !== 'InProgress') this.operations.delete(id);
      if (this.operations.size <= 40_000) return;
    }
  }
}
