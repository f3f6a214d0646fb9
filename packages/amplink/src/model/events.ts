import { levelOf, type AmplinkCode, type CodeLevel } from './codes.js';

/**
 * One thing amplink tells its caller while it works (progress, a retry, a notice), the way errors and findings are
 * told: a registered code, its level, a sentence a user can read, and the facts behind it for a program. Library
 * functions send them to the caller's `onEvent`; they never print. The CLI decides what a terminal or a log shows.
 */
export interface AmplinkEvent<C extends AmplinkCode = AmplinkCode, D = unknown> {
  readonly code: C;
  readonly level: CodeLevel;
  readonly message: string;
  readonly data: D;
}

/** Where a library function sends its events. */
export type EventSink<E extends AmplinkEvent = AmplinkEvent> = (event: E) => void;

export function amplinkEvent<C extends AmplinkCode, D>(code: C, message: string, data: D): AmplinkEvent<C, D> {
  return { code, level: levelOf(code), message, data };
}

/** Whether an event has this code; narrows it to the event type that code is sent with. */
export function isEvent<E extends AmplinkEvent, C extends E['code']>(
  event: E,
  code: C,
): event is Extract<E, { code: C }> {
  return event.code === code;
}
