import { describe, expect, it } from 'vitest';

import {
  buildMessageLines,
  buildTestMessageSteps,
  dotStuff,
  envelopeAddress,
  planTestMessage,
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
      ['rcpt-0', 'RCPT TO:<bob@example.net>', 'RCPT', [250, 251]],
      ['data', 'DATA', 'DATA', [354]],
      ['message', 'From: Alice <alice@example.com>', '.', [250]],
    ]);
  });

  it('formats the Date header in UTC', () => {
    expect(rfc5322Date(new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe(
      'Fri, 02 Jan 2026 03:04:05 +0000',
    );
  });

  it('sends one RCPT TO per recipient', () => {
    const plan = planTestMessage({ ...FIELDS, to: 'a@x.test, "Doe, Jo" <b@y.test>,' });
    const rcpt = plan.steps.filter((step) => step.kind === 'rcpt');
    expect(rcpt.map((step) => step.lines)).toEqual([
      ['RCPT TO:<a@x.test>'],
      ['RCPT TO:<b@y.test>'],
    ]);
    expect(rcpt.map((step) => step.label)).toEqual(['RCPT TO a@x.test', 'RCPT TO b@y.test']);
    expect(plan.errors).toEqual([]);
  });

  it('rejects recipients separated by spaces', () => {
    const plan = planTestMessage({ ...FIELDS, to: 'a@x.test b@y.test' });
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]).toContain('Separate addresses with commas');
  });

  it('rejects several From addresses', () => {
    const plan = planTestMessage({ ...FIELDS, from: 'a@x.test, b@y.test' });
    expect(plan.errors[0]).toContain('MAIL FROM takes one');
  });

  it('adds BODY=8BITMIME for an 8-bit body when offered', () => {
    const fields = { ...FIELDS, body: 'Grüße' };
    const plan = planTestMessage(fields, ['PIPELINING', 'SIZE 10240000', '8BITMIME']);
    expect(plan.steps[0]!.lines).toEqual(['MAIL FROM:<alice@example.com> BODY=8BITMIME']);
    expect(plan.warnings).toEqual([]);
    expect(plan.steps.at(-1)!.lines).toContain('Content-Transfer-Encoding: 8bit');
  });

  it('warns about an 8-bit body without 8BITMIME', () => {
    const plan = planTestMessage({ ...FIELDS, body: 'Grüße' }, ['PIPELINING']);
    expect(plan.steps[0]!.lines).toEqual(['MAIL FROM:<alice@example.com>']);
    expect(plan.warnings).toHaveLength(1);
    expect(plan.warnings[0]).toContain('8BITMIME');
  });

  it('sends ASCII content without parameters', () => {
    const plan = planTestMessage(FIELDS, ['8BITMIME', 'SMTPUTF8']);
    expect(plan.steps[0]!.lines).toEqual(['MAIL FROM:<alice@example.com>']);
    expect(plan.steps.at(-1)!.lines).toContain('Content-Transfer-Encoding: 7bit');
  });

  it('adds SMTPUTF8 for a non-ASCII address when offered', () => {
    const plan = planTestMessage({ ...FIELDS, to: 'jörg@example.de' }, ['8BITMIME', 'SMTPUTF8']);
    expect(plan.steps[0]!.lines).toEqual(['MAIL FROM:<alice@example.com> SMTPUTF8 BODY=8BITMIME']);
    expect(plan.steps[1]!.lines).toEqual(['RCPT TO:<jörg@example.de>']);
    expect(plan.errors).toEqual([]);
  });

  it('rejects a non-ASCII address without SMTPUTF8', () => {
    const plan = planTestMessage({ ...FIELDS, to: 'jörg@example.de' }, ['8BITMIME']);
    expect(plan.errors).toHaveLength(1);
    expect(plan.errors[0]).toContain('SMTPUTF8');
  });

  it('encodes a non-ASCII display name', () => {
    const lines = buildMessageLines({ ...FIELDS, from: 'Jörg <joerg@example.de>' });
    expect(lines[0]).toBe('From: =?UTF-8?B?SsO2cmc=?= <joerg@example.de>');
  });
});
