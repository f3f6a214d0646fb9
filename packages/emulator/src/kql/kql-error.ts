// A query the KQL subset cannot read or run; each service answers it with its own 400.
export class KqlError extends Error {
  override readonly name = 'KqlError';
  /** Resource Graph names the kind of mistake (details[].code); Log Analytics says SyntaxError. */
  constructor(
    message: string,
    readonly kind:
      'ParserFailure' | 'UnsupportedOperator' | 'UnknownFunction' | 'UnknownName' | 'UnknownTable' = 'ParserFailure',
  ) {
    super(message);
  }
}
