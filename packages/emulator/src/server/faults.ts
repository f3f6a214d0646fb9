// Fault injection, seeded so that a run can be repeated: status codes, reset connections, added latency,
// chosen by method and path pattern.
import { z } from 'zod';
import { ArmErrors } from '../arm/arm-errors.js';

export type FaultKind = 'status' | 'reset' | 'latency';

export interface FaultRule {
  kind: FaultKind;
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regular expression tested against the request path (any when absent). */
  path?: string;
  /** For kind status: 429, 500 or 503. */
  status?: number;
  /** Chance per matching request, 0..1 (1 when absent). */
  probability?: number;
  /** Stop after this many injections (unlimited when absent): e.g. a burst of three 429s. */
  count?: number;
  latencyMs?: number;
  retryAfterSeconds?: number;
}

export interface FaultOptions {
  seed?: number;
  rules: FaultRule[];
}

const ruleSchema = z.strictObject({
  kind: z.enum(['status', 'reset', 'latency']),
  method: z
    .string()
    .regex(/^[A-Za-z]+$/, 'an HTTP method')
    .optional(),
  path: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p, 'i');
        return true;
      } catch {
        return false;
      }
    }, 'a regular expression')
    .optional(),
  status: z.number().int().min(400).max(599).optional(),
  probability: z.number().min(0).max(1).optional(),
  count: z.number().int().min(0).optional(),
  latencyMs: z.number().min(0).optional(),
  retryAfterSeconds: z.number().min(0).optional(),
});
const optionsSchema = z.strictObject({ seed: z.number().int().optional(), rules: z.array(ruleSchema) });

/** Fault options as sent (control API, library callers): checked whole, so a bad rule changes nothing. */
export function parseFaultOptions(input: unknown): FaultOptions {
  const result = optionsSchema.safeParse(input);
  if (result.success) return result.data as FaultOptions;
  const issue = result.error.issues[0];
  throw ArmErrors.controlInvalid('faults', issue?.path.join('.') || '(body)', issue?.message ?? 'invalid');
}

export type FaultDecision =
  | { kind: 'none' }
  | { kind: 'status'; status: number; retryAfterSeconds?: number; latencyMs: number }
  | { kind: 'reset'; latencyMs: number }
  | { kind: 'latency'; latencyMs: number };

/** mulberry32: a small deterministic PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface CompiledRule extends FaultRule {
  pattern: RegExp | undefined;
  used: number;
}

export class FaultInjector {
  private rules: CompiledRule[] = [];
  private random: () => number = seededRandom(1);
  private options: FaultOptions = { rules: [] };

  constructor(options?: FaultOptions) {
    this.configure(options ?? { rules: [] });
  }

  configure(input: FaultOptions): void {
    const options = parseFaultOptions(input);
    this.options = options;
    this.random = seededRandom(options.seed ?? 1);
    this.rules = options.rules.map((r) => ({
      ...r,
      pattern: r.path === undefined ? undefined : new RegExp(r.path, 'i'),
      used: 0,
    }));
  }

  current(): FaultOptions {
    return this.options;
  }

  decide(method: string, path: string): FaultDecision {
    let latencyMs = 0;
    for (const rule of this.rules) {
      if (rule.method !== undefined && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.pattern && !rule.pattern.test(path)) continue;
      if (rule.count !== undefined && rule.used >= rule.count) continue;
      if (this.random() >= (rule.probability ?? 1)) continue;
      rule.used += 1;
      if (rule.kind === 'latency') {
        latencyMs += rule.latencyMs ?? 0;
        continue;
      }
      if (rule.kind === 'reset') return { kind: 'reset', latencyMs };
      return {
        kind: 'status',
        status: rule.status ?? 500,
        latencyMs,
        ...(rule.retryAfterSeconds !== undefined ? { retryAfterSeconds: rule.retryAfterSeconds } : {}),
      };
    }
    return latencyMs > 0 ? { kind: 'latency', latencyMs } : { kind: 'none' };
  }
}
