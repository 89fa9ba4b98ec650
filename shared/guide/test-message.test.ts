import { describe, expect, it } from 'vitest';

import {
  buildMessageLines,
  buildTestMessageSteps,
  dotStuff,
  envelopeAddress,
  rfc5322Date,
} from './test-message';

const FIELDS = {
  from: 'Alice <alice@example.com>',
  to: 'bob@example.net',
  subject: 'hello',
  body: 'one\r\n.two\n.\rfour',
  date: 'Thu, 01 Jan 2026 00:00:00 +0000',
  messageId: '<id@example.com>',
};

describe('test message guide', () => {
  it.each([
    ['.', '..'],
    ['.02 test', '..02 test'],
    ['text.', 'text.'],
    ['', ''],
  ])('dot-stuffs %j', (line, expected) => {
    expect(dotStuff(line)).toBe(expected);
  });

  it.each([
    ['Alice <alice@example.com>', 'alice@example.com'],
    [' bob@example.net ', 'bob@example.net'],
    ['<>', ''],
  ])('reads the envelope address of %j', (text, expected) => {
    expect(envelopeAddress(text)).toBe(expected);
  });

  it('builds headers, a stuffed body and the final dot', () => {
    const lines = buildMessageLines(FIELDS);
    expect(lines.slice(0, 5)).toEqual([
      'From: Alice <alice@example.com>',
      'To: bob@example.net',
      'Subject: hello',
      'Date: Thu, 01 Jan 2026 00:00:00 +0000',
      'Message-ID: <id@example.com>',
    ]);
    expect(lines.slice(lines.indexOf(''))).toEqual(['', 'one', '..two', '..', 'four', '.']);
  });

  it('orders the steps with their expected replies', () => {
    const steps = buildTestMessageSteps(FIELDS);
    expect(steps.map((step) => [step.id, step.lines[0], step.verb, step.expected])).toEqual([
      ['mail', 'MAIL FROM:<alice@example.com>', 'MAIL', [250]],
      ['rcpt', 'RCPT TO:<bob@example.net>', 'RCPT', [250, 251]],
      ['data', 'DATA', 'DATA', [354]],
      ['message', 'From: Alice <alice@example.com>', '.', [250]],
    ]);
  });

  it('formats the Date header in UTC', () => {
    expect(rfc5322Date(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe(
      'Fri, 02 Jan 2026 03:04:05 +0000',
    );
  });
});
