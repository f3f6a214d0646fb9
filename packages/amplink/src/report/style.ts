import { styleText } from 'node:util';

/** How text output may look: the CLI decides (a terminal, NO_COLOR, FORCE_COLOR); formatters only follow. */
export interface TextOptions {
  /** Every change, cluster, finding and scope, as well as the summary. Default: the summary, repetition collapsed. */
  detail?: boolean;
  /** ANSI colours (a terminal). Default: plain text. */
  color?: boolean;
}

type Format = 'bold' | 'dim' | 'red' | 'yellow' | 'green' | 'cyan';

/** The few emphases text output uses; identity functions when colour is off, so callers never branch on it. */
export type Style = Record<Format, (text: string) => string>;

const FORMATS: readonly Format[] = ['bold', 'dim', 'red', 'yellow', 'green', 'cyan'];

export function styleOf(options: TextOptions = {}): Style {
  const style = {} as Style;
  for (const format of FORMATS) {
    // validateStream off: whether to colour was decided by the CLI, for the stream the text goes to.
    style[format] = options.color === true ? (text) => styleText(format, text, { validateStream: false }) : (t) => t;
  }
  return style;
}

/** `text` styled and padded to `width` columns; the padding stays outside the colour, so lines can be trimmed. */
export function padStyled(text: string, width: number, format: (text: string) => string): string {
  return format(text) + ' '.repeat(Math.max(0, width - text.length));
}

/** Severity words in their usual colours. */
export function severityStyle(style: Style, severity: string): (text: string) => string {
  return severity === 'error' ? style.red : severity === 'warning' ? style.yellow : style.cyan;
}
