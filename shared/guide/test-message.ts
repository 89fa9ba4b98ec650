import { addressListTokens, parseAddressList, type ListedAddress } from './address-list';
import { foldHeader, isAscii, unstructuredHeader } from './header-encoding';

export { envelopeAddress } from './address-list';

/** Fields the person fills in for the guided test message. */
export interface TestMessageFields {
  readonly from: string;
  /** One address, or several separated by commas. */
  readonly to: string;
  readonly subject: string;
  /** Body text; any line ending (CRLF, LF, CR) starts a new line. */
  readonly body: string;
  /** Date header value (RFC 5322, section 3.3). */
  readonly date: string;
  /** Message-ID header value including angle brackets. */
  readonly messageId: string;
}

/** One step of the guided flow: the lines it sends and the reply that lets the next step go. */
export interface TestMessageStep {
  /** Unique within the flow: `mail`, `rcpt-0`, `rcpt-1`, …, `data`, `message`. */
  readonly id: string;
  readonly kind: 'mail' | 'rcpt' | 'data' | 'message';
  readonly label: string;
  readonly lines: readonly string[];
  /** The SMTP verb whose reply ends the step; the message content ends with the final dot. */
  readonly verb: string;
  /** Reply codes that let the flow continue. */
  readonly expected: readonly number[];
}

/** The steps of a test message, with what stops it or is worth knowing before sending. */
export interface TestMessagePlan {
  readonly steps: readonly TestMessageStep[];
  /** Reasons the message cannot go as filled in; the guide sends nothing while there are any. */
  readonly errors: readonly string[];
  /** Facts that do not stop the message, such as an 8-bit body the server did not announce. */
  readonly warnings: readonly string[];
}

/**
 * Adds the transparency dot: a line of message content that starts with a dot gets a second one,
 * so the server does not read it as the end of the data (RFC 5321, section 4.5.2).
 */
export function dotStuff(line: string): string {
  return line.startsWith('.') ? `.${line}` : line;
}

/** Splits text into lines on CRLF, LF or CR; the console sends each with CRLF. */
export function splitTextLines(text: string): string[] {
  return text === '' ? [] : text.split(/\r\n|\n|\r/);
}

/** Header and body lines of the message, dot-stuffed, followed by the final `.` line. */
export function buildMessageLines(fields: TestMessageFields): string[] {
  const eightBitBody = !isAscii(fields.body);
  const headers = [
    ...foldHeader('From', addressListTokens(parseAddressList(fields.from))),
    ...foldHeader('To', addressListTokens(parseAddressList(fields.to))),
    ...unstructuredHeader('Subject', fields.subject),
    `Date: ${fields.date}`,
    `Message-ID: ${fields.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${eightBitBody ? '8bit' : '7bit'}`,
  ];
  const body = splitTextLines(fields.body).map(dotStuff);
  return [...headers, '', ...body, '.'];
}

/** Returns the upper-cased extension names of EHLO keyword lines such as `SIZE 10240000`. */
function extensionNames(keywords: readonly string[]): Set<string> {
  return new Set(keywords.map((line) => (line.trim().split(/\s+/)[0] ?? '').toUpperCase()));
}

function checkEnvelope(from: readonly ListedAddress[], to: readonly ListedAddress[]): string[] {
  const errors: string[] = [];
  if (from.length > 1) {
    errors.push(
      `From contains ${from.length} addresses, but MAIL FROM takes one. Keep one address in From.`,
    );
  }
  for (const entry of [...from, ...to]) {
    if (/\s/.test(entry.address)) {
      errors.push(
        `"${entry.text}" is not one address because it contains a space. Separate addresses with commas.`,
      );
    }
  }
  return errors;
}

/**
 * Plans a test message: MAIL FROM, one RCPT TO per address in To, DATA, then the content and the
 * final dot. `offered` is the server's EHLO keyword lines, which decide the MAIL FROM parameters:
 * `BODY=8BITMIME` for 8-bit content (RFC 6152) and `SMTPUTF8` for non-ASCII addresses (RFC 6531).
 */
export function planTestMessage(
  fields: TestMessageFields,
  offered: readonly string[] = [],
): TestMessagePlan {
  const from = parseAddressList(fields.from);
  const to = parseAddressList(fields.to);
  const extensions = extensionNames(offered);
  const errors = checkEnvelope(from, to);
  const warnings: string[] = [];

  const mailParameters: string[] = [];
  const utf8Addresses = [...from, ...to].filter((entry) => !isAscii(entry.address));
  if (utf8Addresses.length > 0 && extensions.has('SMTPUTF8')) {
    mailParameters.push('SMTPUTF8');
  } else if (utf8Addresses.length > 0) {
    errors.push(
      `The address ${utf8Addresses[0]!.address} contains non-ASCII characters, which needs the SMTPUTF8 extension, and the server did not offer it. Send EHLO first, or use an ASCII address.`,
    );
  }

  const content = buildMessageLines(fields);
  if (!content.every(isAscii) && extensions.has('8BITMIME')) {
    mailParameters.push('BODY=8BITMIME');
  } else if (!content.every(isAscii)) {
    warnings.push(
      'The message contains 8-bit text, but the server did not offer 8BITMIME (send EHLO first if you have not), so it may reject or alter the message.',
    );
  }

  const mailFrom = [`MAIL FROM:<${from[0]?.address ?? ''}>`, ...mailParameters].join(' ');
  const recipients = to.length === 0 ? [{ text: '', name: '', address: '' }] : to;
  const steps: TestMessageStep[] = [
    {
      id: 'mail',
      kind: 'mail',
      label: 'MAIL FROM',
      lines: [mailFrom],
      verb: 'MAIL',
      expected: [250],
    },
    ...recipients.map((entry, index) => ({
      id: `rcpt-${index}`,
      kind: 'rcpt' as const,
      label: recipients.length === 1 ? 'RCPT TO' : `RCPT TO ${entry.address}`,
      lines: [`RCPT TO:<${entry.address}>`],
      verb: 'RCPT',
      expected: [250, 251],
    })),
    { id: 'data', kind: 'data', label: 'DATA', lines: ['DATA'], verb: 'DATA', expected: [354] },
    {
      id: 'message',
      kind: 'message',
      label: 'Headers, body and final dot',
      lines: content,
      verb: '.',
      expected: [250],
    },
  ];
  return { steps, errors, warnings };
}

/** Builds the steps of a test message; see planTestMessage. */
export function buildTestMessageSteps(
  fields: TestMessageFields,
  offered: readonly string[] = [],
): readonly TestMessageStep[] {
  return planTestMessage(fields, offered).steps;
}

/** Formats a moment as a Date header value (RFC 5322, section 3.3), in UTC. */
export function rfc5322Date(now: Date): string {
  return now.toUTCString().replace('GMT', '+0000');
}
