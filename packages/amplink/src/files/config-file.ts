import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { AmplinkError, shownInput } from '../model/errors.js';
import { readTextFile } from './text-files.js';

/** The file amplink reads settings from when it is in the working folder and no --config is given. */
export const DEFAULT_CONFIG_FILE = 'amplink.yaml';

/** A setting's value as YAML gives it: what a flag takes (a word, a number, on/off, or a list for repeatable flags). */
export type ConfigValue = string | number | boolean | readonly (string | number)[];

/** `key: value` pairs, each key a flag's long name without its dashes. */
export type ConfigSettings = ReadonlyMap<string, ConfigValue>;

export interface ConfigFile {
  readonly path: string;
  /** Settings for every command that has the flag. */
  readonly shared: ConfigSettings;
  /** Settings for one command (`plan:`, `verify:`, ...), by command name. */
  readonly commands: ReadonlyMap<string, ConfigSettings>;
}

/** Which config file applies: `--config FILE` (or `--config=FILE`) on the line, else ./amplink.yaml when there is one. */
export function configPathFrom(argv: readonly string[], cwd: string): string | undefined {
  for (const [i, word] of argv.entries()) {
    if (word === '--') break;
    if (word === '--config') return argv[i + 1] ?? '';
    if (word.startsWith('--config=')) return word.slice('--config='.length);
  }
  const local = join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(local) ? local : undefined;
}

const FIX = `Write ${DEFAULT_CONFIG_FILE} as "flag-name: value" lines (the flags of amplink <command> --help, without the dashes), with a section per command where a flag is for one command only; see the README, "A config file".`;

/** Reads and parses a config file; it is the user's input, so every slip is a coded error naming the file and key. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  if (path === '') {
    throw new AmplinkError({
      code: 'AMPL_CONFIG_E0001',
      message: '--config was given without a file.',
      fix: 'Write --config amplink.yaml (a YAML file of settings).',
    });
  }
  const text = await readTextFile(path, 'the config file', 'AMPL_CONFIG_E0001', FIX);
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const firstError = document.errors[0];
  if (firstError !== undefined) {
    throw new AmplinkError({
      code: 'AMPL_CONFIG_E0002',
      message: `The config file '${path}' is not YAML: ${shownInput(firstError.message, 200)}.`,
      fix: FIX,
    });
  }
  return configFrom(document.toJS() as unknown, path);
}

/** The settings of a parsed config document; exported for tests of the shape rules without files. */
export function configFrom(root: unknown, path: string): ConfigFile {
  if (root === null || root === undefined) return { path, shared: new Map(), commands: new Map() };
  const top = mappingOf(root, path, '');
  const shared = new Map<string, ConfigValue>();
  const commands = new Map<string, ConfigSettings>();
  for (const [key, value] of Object.entries(top)) {
    if (isMapping(value)) {
      const section = new Map<string, ConfigValue>();
      for (const [inner, innerValue] of Object.entries(value)) {
        section.set(inner, settingValue(innerValue, path, `${key}.${inner}`));
      }
      commands.set(key, section);
    } else {
      shared.set(key, settingValue(value, path, key));
    }
  }
  return { path, shared, commands };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function mappingOf(value: unknown, path: string, at: string): Record<string, unknown> {
  if (isMapping(value)) return value;
  throw new AmplinkError({
    code: 'AMPL_CONFIG_E0002',
    message: `The config file '${path}'${at === '' ? '' : ` at ${at}`} holds a ${Array.isArray(value) ? 'list' : typeof value}, not "key: value" settings.`,
    fix: FIX,
  });
}

function settingValue(value: unknown, path: string, key: string): ConfigValue {
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    return value;
  }
  throw new AmplinkError({
    code: 'AMPL_CONFIG_E0004',
    message: `The config file '${path}' sets ${key} to ${value === null ? 'nothing' : Array.isArray(value) ? 'a list of other things than words' : `a ${typeof value}`}.`,
    fix: `Give ${key} a word, a number, true/false, or a list of words for a flag that repeats.`,
  });
}
