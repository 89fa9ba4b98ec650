import { describe, expect, it } from 'vitest';

import { planTestMessage } from '../../../shared/guide/test-message';
import type { InputState, LastReply } from '../../../shared/session';
import { applyReply, freshProgress, markSent, nextStepIndex } from './test-message-progress';

const STEPS = planTestMessage({
  from: 'alice@example.com',
  to: 'bob@example.net',
  subject: 'hello',
  body: 'text',
  date: 'Thu, 01 Jan 2026 00:00:00 +0000',
  messageId: '<id@example.com>',
}).steps;

function inputWith(replyCount: number, lastReply: LastReply): InputState {
  return { awaitingReplies: 0, heldLines: 0, inMessageBody: false, lastReply, replyCount };
}

/** Progress after MAIL FROM was sent at reply count 1 and accepted as reply 2. */
function afterMailFrom() {
  const sent = markSent(freshProgress(), 0, STEPS[0]!, 1);
  const reply = { command: 'MAIL', status: '250', line: '250 2.1.0 Ok' };
  return applyReply(sent, STEPS, inputWith(2, reply));
}

describe('test message progress', () => {
  it('records the reply to the awaited step', () => {
    const progress = afterMailFrom();
    expect(progress.results[0]?.ok).toBe(true);
    expect(progress.waitingFor).toBeNull();
    expect(nextStepIndex(progress, STEPS)).toBe(1);
  });

  it.each(['RSET', 'EHLO', 'HELO', 'STARTTLS'])('starts over after %s typed by hand', (command) => {
    const before = afterMailFrom();
    const reply = { command, status: '250', line: '250 2.0.0 Ok' };

    const progress = applyReply(before, STEPS, inputWith(3, reply));

    expect(progress.results).toEqual([]);
    expect(nextStepIndex(progress, STEPS)).toBe(0);
    expect(progress.restartReason).toContain(command);
    expect(progress.messageId).toBe(before.messageId);
  });

  it('ignores other replies typed by hand', () => {
    const before = afterMailFrom();
    const reply = { command: 'NOOP', status: '250', line: '250 2.0.0 Ok' };
    expect(applyReply(before, STEPS, inputWith(3, reply))).toBe(before);
  });

  it('ignores a reset before the guide starts', () => {
    const before = freshProgress();
    const reply = { command: 'EHLO', status: '250', line: '250 mx.example.net' };
    expect(applyReply(before, STEPS, inputWith(4, reply))).toBe(before);
  });

  it('releases the message after a failed DATA', () => {
    const dataIndex = STEPS.findIndex((step) => step.kind === 'data');
    const sent = markSent(afterMailFrom(), dataIndex, STEPS[dataIndex]!, 5);
    expect(sent.ownsMessage).toBe(true);
    const reply = { command: 'DATA', status: '554', line: '554 5.5.1 Error: no valid recipients' };

    const progress = applyReply(sent, STEPS, inputWith(6, reply));

    expect(progress.ownsMessage).toBe(false);
    expect(progress.results[dataIndex]?.ok).toBe(false);
  });
});
