import { rfc5322Date, type TestMessageStep } from '../../../shared/guide/test-message';
import type { InputState, LastReply } from '../../../shared/session';

export interface StepResult {
  readonly ok: boolean;
  readonly reply: LastReply;
}

/** How far the guided test message has got in one session. */
export interface Progress {
  /** Index of the step whose reply is awaited, or null when none was sent. */
  readonly waitingFor: number | null;
  /** The session's reply count when the guide last sent a step. */
  readonly repliesBefore: number;
  readonly results: readonly (StepResult | undefined)[];
  /**
   * True from sending DATA until the reply to the final dot or a failed DATA. The guide then
   * owns what the server reads, so the command box keeps typed lines back.
   */
  readonly ownsMessage: boolean;
  /** The reason the guide went back to its first step by itself; null when it did not. */
  readonly restartReason: string | null;
  /** Date and Message-ID, fixed when the flow starts so a retry sends the same message. */
  readonly date: string;
  readonly messageId: string;
}

/**
 * Commands whose reply ends the server's mail transaction (RFC 5321, sections 4.1.1.1, 4.1.1.5
 * and 4.1.4), plus `.`, which ends one sent by hand.
 */
const TRANSACTION_ENDING_COMMANDS: ReadonlySet<string> = new Set([
  'RSET',
  'EHLO',
  'HELO',
  'LHLO',
  'STARTTLS',
  '.',
]);

export function freshProgress(now: Date = new Date()): Progress {
  return {
    waitingFor: null,
    repliesBefore: 0,
    results: [],
    ownsMessage: false,
    restartReason: null,
    date: rfc5322Date(now),
    messageId: `<mailtap.${now.getTime()}.${Math.random().toString(36).slice(2, 10)}@mailtap.invalid>`,
  };
}

export function nextStepIndex(progress: Progress, steps: readonly TestMessageStep[]): number {
  const done = progress.results.findIndex((result) => result === undefined || !result.ok);
  return done < 0 ? Math.min(progress.results.length, steps.length) : done;
}

/** Returns progress with the step marked as sent, the reply count noted for matching its reply. */
export function markSent(
  progress: Progress,
  index: number,
  step: TestMessageStep,
  replyCount: number,
): Progress {
  return {
    ...progress,
    waitingFor: index,
    repliesBefore: replyCount,
    ownsMessage: step.kind === 'data' || step.kind === 'message',
    restartReason: null,
  };
}

/**
 * Applies the session's latest reply. A reply to the awaited step becomes its result. A reply that
 * ends the mail transaction, such as one to RSET typed by hand, sends the guide back to its first
 * step, because the server has forgotten MAIL FROM and the recipients. Returns `progress` itself
 * when nothing changes.
 *
 * NOTE: Only the latest reply is visible, so a reset whose reply is overtaken by another reply
 * before the panel renders goes unnoticed.
 */
export function applyReply(
  progress: Progress,
  steps: readonly TestMessageStep[],
  input: InputState | undefined,
): Progress {
  const reply = input?.lastReply;
  if (input === undefined || reply === null || reply === undefined) {
    return progress;
  }
  if (input.replyCount <= progress.repliesBefore) {
    return progress;
  }

  const waiting = progress.waitingFor === null ? undefined : steps[progress.waitingFor];
  if (waiting !== undefined && reply.command === waiting.verb) {
    const results = [...progress.results];
    const ok = waiting.expected.includes(Number(reply.status));
    results[progress.waitingFor!] = { ok, reply };
    return {
      ...progress,
      waitingFor: null,
      results,
      ownsMessage: waiting.kind === 'data' && ok,
      repliesBefore: input.replyCount,
    };
  }

  const started = progress.waitingFor !== null || progress.results.length > 0;
  const finished = steps.length > 0 && progress.results[steps.length - 1]?.ok === true;
  if (
    started &&
    !finished &&
    reply.command !== null &&
    TRANSACTION_ENDING_COMMANDS.has(reply.command)
  ) {
    return {
      ...freshProgress(),
      date: progress.date,
      messageId: progress.messageId,
      repliesBefore: input.replyCount,
      restartReason: `The server's mail transaction ended with the reply to ${reply.command} sent from the Command box, so the guide starts again at MAIL FROM.`,
    };
  }
  return progress;
}
