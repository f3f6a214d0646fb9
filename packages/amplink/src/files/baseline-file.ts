import { readFile, rename } from 'node:fs/promises';
import { z } from 'zod';
import { AmplinkError } from '../model/errors.js';
import type { VerifyBaseline } from '../verify/since-last.js';
import { describeFileError, writeTextFile } from './text-files.js';

const FIX =
  'Give --since-last a file that an earlier `amplink verify --since-last` wrote, or a new path to start from.';

const baselineSchema = z
  .object({
    schemaVersion: z.literal(1),
    madeAt: z.iso.datetime(),
    problems: z
      .array(
        z
          .object({
            key: z.string().max(100_000),
            code: z.string().max(100),
            severity: z.enum(['error', 'warning', 'info']),
            summary: z.string().max(100_000),
          })
          .strict(),
      )
      .max(10_000_000),
  })
  .strict();

/** The last run's problems; undefined when the file does not exist yet (the first scheduled run). */
export async function readBaselineFile(path: string): Promise<VerifyBaseline | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new AmplinkError({
      code: 'AMPL_BASELINE_E0001',
      message: `Cannot read the last run's file '${path}': ${describeFileError(cause, path)}.`,
      fix: FIX,
      cause,
    });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_BASELINE_E0002',
      message: `The last run's file '${path}' is not JSON.`,
      fix: FIX,
      cause,
    });
  }
  const checked = baselineSchema.safeParse(parsed);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new AmplinkError({
      code: 'AMPL_BASELINE_E0002',
      message: `The last run's file '${path}' is not one amplink wrote: ${issue === undefined ? 'wrong shape' : `${issue.path.join('.') || 'the top'}: ${issue.message}`}.`,
      fix: FIX,
    });
  }
  return checked.data;
}

/** Replaces the file whole or not at all: a scheduled job killed mid-write must not leave a file the next run refuses. */
export async function writeBaselineFile(path: string, baseline: VerifyBaseline): Promise<void> {
  const partial = `${path}.partial`;
  await writeTextFile(partial, JSON.stringify(baseline, null, 1) + '\n', "this run's findings");
  try {
    await rename(partial, path);
  } catch (cause) {
    throw new AmplinkError({
      code: 'AMPL_CLI_E0005',
      message: `Cannot write this run's findings to '${path}': ${describeFileError(cause, path)}.`,
      fix: 'Name a file in a folder that exists and that you may write to.',
      cause,
    });
  }
}
