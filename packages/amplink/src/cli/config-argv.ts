import type { Command, Option } from 'commander';
import type { ConfigFile, ConfigSettings, ConfigValue } from '../files/config-file.js';
import { AmplinkError } from '../model/errors.js';
import { collect } from './option-parsers.js';

/** Flags that belong to the command line itself, never to a config file. */
const LINE_ONLY = new Set(['config', 'help', 'version', 'debug']);

/**
 * The command line with a config file's settings added as the flags they name, so that commander checks them
 * exactly as it checks typed flags (required options, values, parsers) and a config file can do nothing a command line
 * cannot. A flag on the line wins over the file's setting of it; a repeatable flag on the line replaces the file's list.
 */
export function argvWithConfig(argv: readonly string[], config: ConfigFile, program: Command): string[] {
  const commands = new Map(program.commands.map((c) => [c.name(), c]));
  const sharedKnown = new Set([...commands.values()].flatMap((c) => c.options.map(keyOf)));
  for (const [name, settings] of config.commands) {
    const command = commands.get(name);
    if (command === undefined && sharedKnown.has(name)) {
      throw badValue(config, name, 'a word or a list of words (key=value pairs are written as "- key=value")');
    }
    if (command === undefined) {
      throw unknownKey(config, name, `a section for a command amplink does not have`, [...commands.keys()]);
    }
    for (const key of settings.keys()) {
      if (optionFor(command, key) === undefined) throw unknownFlag(config, `${name}.${key}`, command);
    }
  }
  for (const key of config.shared.keys()) {
    if (commands.has(key)) throw badValue(config, key, `a section of ${key}'s flags ("flag-name: value" lines)`);
    if (LINE_ONLY.has(key) || !sharedKnown.has(key)) {
      throw unknownKey(config, key, 'not a flag of any amplink command', [...sharedKnown].sort());
    }
  }

  const at = argv.findIndex((word) => commands.has(word)) + 1;
  const name = argv[at - 1];
  const command = name === undefined ? undefined : commands.get(name);
  if (command === undefined || name === undefined) return [...argv];
  const added = [
    ...flagsFor(command, config.shared, argv, config, ''),
    ...flagsFor(command, config.commands.get(name) ?? new Map(), argv, config, `${name}.`),
  ];
  // Right after the command's name: commander reads a command's flags there, and before any `--` that ends them.
  return [...argv.slice(0, at), ...added, ...argv.slice(at)];
}

function keyOf(option: Option): string {
  return (option.long ?? '').replace(/^--(no-)?/, '');
}

function optionFor(command: Command, key: string): Option | undefined {
  if (LINE_ONLY.has(key)) return undefined;
  return command.options.find((o) => keyOf(o) === key);
}

function onLine(argv: readonly string[], key: string): boolean {
  const end = argv.indexOf('--');
  const words = end === -1 ? argv : argv.slice(0, end);
  return words.some((w) => w === `--${key}` || w === `--no-${key}` || w.startsWith(`--${key}=`));
}

function flagsFor(
  command: Command,
  settings: ConfigSettings,
  argv: readonly string[],
  config: ConfigFile,
  prefix: string,
): string[] {
  const out: string[] = [];
  for (const [key, value] of settings) {
    // A shared setting is for the commands that have the flag (the AMPLS is not a setting of `report`).
    const option = optionFor(command, key);
    if (option === undefined || onLine(argv, key)) continue;
    out.push(...flagWords(option, key, value, config, `${prefix}${key}`));
  }
  return out;
}

function flagWords(option: Option, key: string, value: ConfigValue, config: ConfigFile, where: string): string[] {
  const takesValue = option.required || option.optional;
  if (!takesValue) {
    if (typeof value !== 'boolean') throw badValue(config, where, 'true or false');
    // `reasons: false` is --no-reasons; `json: false` is simply not turning it on.
    if (option.negate) return value ? [] : [`--no-${key}`];
    return value ? [`--${key}`] : [];
  }
  if (typeof value === 'boolean') throw badValue(config, where, 'a value, not true/false');
  const repeatable = option.variadic || option.parseArg === collect;
  if (Array.isArray(value)) {
    if (!repeatable) throw badValue(config, where, 'one value, not a list (this flag does not repeat)');
    return value.map((v) => `--${key}=${String(v)}`);
  }
  return [`--${key}=${String(value)}`];
}

function unknownFlag(config: ConfigFile, where: string, command: Command): AmplinkError {
  return unknownKey(
    config,
    where,
    `not a flag of amplink ${command.name()}`,
    command.options.map(keyOf).filter((k) => k !== '' && !LINE_ONLY.has(k)),
  );
}

function unknownKey(config: ConfigFile, key: string, why: string, known: readonly string[]): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_CONFIG_E0003',
    message: `The config file '${config.path}' sets ${key}, ${why}.`,
    fix: `Use one of: ${known.join(', ')}.`,
  });
}

function badValue(config: ConfigFile, where: string, expected: string): AmplinkError {
  return new AmplinkError({
    code: 'AMPL_CONFIG_E0004',
    message: `The config file '${config.path}' sets ${where} to something other than ${expected}.`,
    fix: `Give ${where} ${expected}.`,
  });
}
