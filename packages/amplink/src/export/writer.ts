import { commentText, LINE_BREAK } from './escape.js';

/**
 * The one small writer every export format goes through: lines with indentation, comments wrapped at a fixed width,
 * no trailing spaces, exactly one final newline. Output depends only on what is written, so it is byte-stable.
 */
export class CodeWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  constructor(
    private readonly commentPrefix: string,
    private readonly indentUnit = '  ',
    private readonly width = 118,
  ) {}

  line(text = ''): this {
    const indented = text === '' ? '' : this.indentUnit.repeat(this.depth) + text;
    this.lines.push(indented.replace(/[ \t]+$/, ''));
    return this;
  }

  /** Several lines as they are (e.g. pre-formatted JSON), each indented at the current depth. */
  block(text: string): this {
    for (const part of text.replace(/\n$/, '').split('\n')) this.line(part);
    return this;
  }

  /**
   * A comment, wrapped at word boundaries; every line break in the text (\r and U+2028 too) starts a new comment
   * line, so no text given here can end the comment and become code.
   */
  comment(text: string): this {
    const room = Math.max(40, this.width - this.indentUnit.length * this.depth - this.commentPrefix.length - 1);
    for (const paragraph of commentText(text).split(LINE_BREAK)) {
      if (paragraph.trim() === '') {
        this.line(this.commentPrefix);
        continue;
      }
      let current = '';
      for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
        if (current !== '' && current.length + 1 + word.length > room) {
          this.line(`${this.commentPrefix} ${current}`);
          current = word;
        } else {
          current = current === '' ? word : `${current} ${word}`;
        }
      }
      this.line(`${this.commentPrefix} ${current}`);
    }
    return this;
  }

  indent(body: () => void): this {
    this.depth += 1;
    try {
      body();
    } finally {
      this.depth -= 1;
    }
    return this;
  }

  toString(): string {
    const lines = [...this.lines];
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n') + '\n';
  }
}
