/** Fields the person fills in for the guided test message. */
export interface TestMessageFields {
  readonly from: string;
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
  readonly id: 'mail' | 'rcpt' | 'data' | 'message';
  readonly label: string;
  readonly lines: readonly string[];
  /** The SMTP verb whose reply ends the step; the message content ends with the final dot. */
  readonly verb: string;
  /** Reply codes that let the flow continue. */
  readonly expected: readonly number[];
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

/** Reads the address of `Alice <alice@example.com>` or `alice@example.com`. */
export function envelopeAddress(text: string): string {
  const bracketed = /<([^<>]*)>/.exec(text);
  return (bracketed?.[1] ?? text).trim();
}

/** Header and body lines of the message, dot-stuffed, followed by the final `.` line. */
export function buildMessageLines(fields: TestMessageFields): string[] {
  const headers = [
    `From: ${fields.from.trim()}`,
    `To: ${fields.to.trim()}`,
    `Subject: ${fields.subject}`,
    `Date: ${fields.date}`,
    `Message-ID: ${fields.messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  const body = splitTextLines(fields.body).map(dotStuff);
  return [...headers, '', ...body, '.'];
}

/** Builds the four steps of a test message: MAIL FROM, RCPT TO, DATA, then content and dot. */
export function buildTestMessageSteps(fields: TestMessageFields): TestMessageStep[] {
  return [
    {
      id: 'mail',
      label: 'MAIL FROM',
      lines: [`MAIL FROM:<${envelopeAddress(fields.from)}>`],
      verb: 'MAIL',
      expected: [250],
    },
    {
      id: 'rcpt',
      label: 'RCPT TO',
      lines: [`RCPT TO:<${envelopeAddress(fields.to)}>`],
      verb: 'RCPT',
      expected: [250, 251],
    },
    { id: 'data', label: 'DATA', lines: ['DATA'], verb: 'DATA', expected: [354] },
    {
      id: 'message',
      label: 'Headers, body and final dot',
      lines: buildMessageLines(fields),
      verb: '.',
      expected: [250],
    },
  ];
}

/** Formats a moment as a Date header value (RFC 5322, section 3.3), in UTC. */
export function rfc5322Date(now: Date): string {
  return now.toUTCString().replace('GMT', '+0000');
}
