import { vi } from 'vitest';

import { buildTestMessageSteps, rfc5322Date } from '../../../shared/guide/test-message';
import type { LastReply } from '../../../shared/session';
import type { EngineProbe } from './engine-probe';

/** Longest wait for one step's reply; a real server replies on loopback within milliseconds. */
const STEP_REPLY_TIMEOUT_MS = 15_000;

/**
 * Walks the guided test-message steps the way the sidebar does: each step's lines, then its reply,
 * and the content only once the session reports the server's 354. Returns the final reply.
 */
export async function sendGuidedTestMessage(
  probe: EngineProbe,
  sessionId: string,
  fields: { from: string; to: string; subject: string; body: string },
): Promise<LastReply> {
  const steps = buildTestMessageSteps({
    ...fields,
    date: rfc5322Date(new Date()),
    messageId: `<guided.${Date.now()}@mailtap.test>`,
  });
  let last: LastReply | null = null;
  for (const step of steps) {
    const state = probe.latest(sessionId)!;
    if (step.id === 'message' && state.input?.inMessageBody !== true) {
      throw new Error(
        `The server has not sent 354; the last reply was ${state.input?.lastReply?.line ?? 'none'}.`,
      );
    }
    const count = state.input?.replyCount ?? 0;
    for (const line of step.lines) {
      const result = probe.hub.sendLine(sessionId, line);
      if (!result.sent) {
        throw new Error(`Step ${step.label} was not sent: ${result.error.message}`);
      }
    }
    await vi.waitFor(
      () => {
        const input = probe.latest(sessionId)?.input;
        if (
          input === undefined ||
          input.replyCount <= count ||
          input.lastReply?.command !== step.verb
        ) {
          throw new Error(`no reply to ${step.label} yet`);
        }
      },
      { timeout: STEP_REPLY_TIMEOUT_MS, interval: 10 },
    );
    last = probe.latest(sessionId)!.input!.lastReply!;
    if (!step.expected.includes(Number(last.status))) {
      throw new Error(`Step ${step.label} got ${last.line}`);
    }
  }
  return last!;
}
