import type { CommanderError } from 'commander';
import { AmplinkError, shownInput } from '../model/errors.js';
import type { AmplinkCode } from '../model/codes.js';

/** Commander's error ids, each with amplink's stable code. */
const CODES: Readonly<Record<string, AmplinkCode>> = {
  'commander.missingMandatoryOptionValue': 'AMPL_CLI_E0011',
  'commander.unknownOption': 'AMPL_CLI_E0012',
  'commander.unknownCommand': 'AMPL_CLI_E0013',
  'commander.optionMissingArgument': 'AMPL_CLI_E0014',
  'commander.excessArguments': 'AMPL_CLI_E0015',
  'commander.help': 'AMPL_CLI_E0016',
};
const OTHER_ARGUMENT_ERROR = 'AMPL_CLI_E0017';

/** The command the user ran (the first word that names one), for the fix's `--help` hint. */
function commandOf(argv: readonly string[], commands: readonly string[]): string | undefined {
  return argv.find((word) => commands.includes(word));
}

/**
 * A command line commander refused, as the AmplinkError every other failure is: a stable code, the message without
 * commander's "error: " prefix, and a fix pointing at the help of the command concerned. Quoted words are cut to a
 * readable length, as everywhere else.
 */
export function argumentError(
  error: CommanderError,
  argv: readonly string[],
  commands: readonly string[],
): AmplinkError {
  const command = commandOf(argv, commands);
  const help = command === undefined ? 'amplink --help' : `amplink ${command} --help`;
  if (error.code === 'commander.help') {
    return new AmplinkError({
      code: 'AMPL_CLI_E0016',
      message: 'No command given.',
      fix: `Run one of ${commands.join(', ')}; amplink --help describes them.`,
    });
  }
  const message = error.message
    .replace(/^error: /, '')
    .replace(/\s*\n\s*/g, ' ')
    .replace(/'([^']*)'/g, (_, word: string) => `'${shownInput(word)}'`)
    .trim();
  const sentence = message.charAt(0).toUpperCase() + message.slice(1);
  const fix =
    error.code === 'commander.unknownCommand'
      ? `Run one of ${commands.join(', ')}; amplink --help describes them.`
      : `${help} lists every option and what it takes.`;
  return new AmplinkError({ code: CODES[error.code] ?? OTHER_ARGUMENT_ERROR, message: sentence, fix, cause: error });
}
