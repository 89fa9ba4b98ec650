import { describeCapabilities } from '../capabilities/describe';
import type { ProtocolId } from '../presets';
import {
  ENHANCED_CLASSES,
  ENHANCED_DETAILS,
  ENHANCED_SUBJECTS,
  readEnhancedStatusCode,
  type EnhancedStatusCode,
} from './enhanced-status-codes';
import { IMAP_RESPONSE_CODES, IMAP_STATUS_WORDS } from './imap-response-codes';
import { POP3_RESPONSE_CODES, POP3_STATUS } from './pop3-response-codes';
import { SMTP_FIRST_DIGIT, SMTP_REPLY_CODES, SMTP_SECOND_DIGIT } from './smtp-reply-codes';
import { smtpTextHints } from './smtp-text-hints';
import type { Explanation, ExplanationPart, ReplyOutcome } from './types';

const SMTP_OUTCOMES: Readonly<Record<string, ReplyOutcome>> = {
  '2': 'success',
  '3': 'intermediate',
  '4': 'transient-failure',
  '5': 'permanent-failure',
};

function enhancedPart(code: EnhancedStatusCode): ExplanationPart {
  const classMeaning = ENHANCED_CLASSES[code.classDigit]!;
  const key =
    code.subject === null || code.detail === null ? null : `${code.subject}.${code.detail}`;
  const detail = key === null ? undefined : ENHANCED_DETAILS[key];
  if (detail !== undefined && key !== null) {
    return {
      id: `esc:X.${key}`,
      label: code.text,
      title: detail.title,
      detail: `${classMeaning.title}: ${detail.detail}`,
      source: detail.source,
    };
  }
  const subject = code.subject === null ? undefined : ENHANCED_SUBJECTS[code.subject];
  if (subject !== undefined) {
    return {
      id: `esc:X.${code.subject}`,
      label: code.text,
      title: `${classMeaning.title}; ${subject.title.toLowerCase()}`,
      detail: `${subject.detail} The detail number ${code.detail ?? code.text.split('.')[2]} is not a registered code, so only the class and subject are known.`,
      source: subject.source,
    };
  }
  return {
    id: `esc:${code.classDigit}`,
    label: code.text,
    title: classMeaning.title,
    detail: `${classMeaning.detail} The server wrote a placeholder instead of the subject number, so only the class is known.`,
    source: classMeaning.source,
  };
}

function smtpCodePart(code: number): ExplanationPart {
  const known = SMTP_REPLY_CODES[code];
  if (known !== undefined) {
    return { id: `smtp:${code}`, label: String(code), ...known };
  }
  const digits = String(code);
  const first = SMTP_FIRST_DIGIT[digits[0] ?? ''] ?? 'Unknown class.';
  const second = SMTP_SECOND_DIGIT[digits[1] ?? ''] ?? 'unspecified';
  return {
    id: `smtp:${digits[0]}xx`,
    label: digits,
    title: 'Code not defined by the SMTP standards',
    detail: `${first} The second digit says the reply is ${second}.`,
    source: 'RFC 5321, section 4.2.1',
  };
}

/** Explains the extension that a line of an EHLO reply (`250-SIZE 1000`) names. */
function extensionPart(text: string): ExplanationPart | null {
  const [entry] = describeCapabilities('smtp', [text]);
  if (entry === undefined || entry.meaning === null) {
    return null;
  }
  return {
    id: `ext:${entry.name}`,
    label: entry.name,
    title: entry.value === null ? 'SMTP extension' : `SMTP extension: ${entry.value}`,
    detail: entry.meaning,
    source: entry.source ?? '',
  };
}

function explainSmtp(line: string): Explanation | null {
  const match = /^([2-5])(\d)(\d)([ -]|$)(.*)$/s.exec(line);
  if (match === null) {
    return null;
  }
  const code = Number(`${match[1]}${match[2]}${match[3]}`);
  const text = match[5] ?? '';
  const parts: ExplanationPart[] = [smtpCodePart(code)];

  const enhanced = readEnhancedStatusCode(text);
  if (enhanced !== null) {
    parts.push(enhancedPart(enhanced));
  }
  if (code === 250) {
    const extension = extensionPart(text);
    if (extension !== null) {
      parts.push(extension);
    }
  }
  parts.push(...smtpTextHints(text));

  const outcome = SMTP_OUTCOMES[match[1]!] ?? 'unknown';
  const headline = parts.find((part) => part.id.startsWith('hint:')) ?? parts[1] ?? parts[0]!;
  const summary =
    headline === parts[0]
      ? `${code}: ${parts[0].title}.`
      : `${code}: ${parts[0]!.title}. ${headline.title}.`;
  return { protocol: 'smtp', line, outcome, summary, parts };
}

function imapCodePart(code: string): ExplanationPart {
  const atom = (code.split(/\s+/)[0] ?? '').toUpperCase();
  const known = IMAP_RESPONSE_CODES[atom];
  if (known !== undefined) {
    return { id: `imap-code:${atom}`, label: `[${atom}]`, ...known };
  }
  return {
    id: 'imap-code:unknown',
    label: `[${atom}]`,
    title: 'Response code not in the registry',
    detail: 'A server-specific code; its meaning is in the text after it.',
    source: 'RFC 9051, section 7.1',
  };
}

const IMAP_OUTCOMES: Readonly<Record<string, ReplyOutcome>> = {
  OK: 'success',
  PREAUTH: 'success',
  NO: 'transient-failure',
  BAD: 'permanent-failure',
  BYE: 'permanent-failure',
};

function explainImap(line: string): Explanation | null {
  if (/^\+(\s|$)/.test(line)) {
    const part: ExplanationPart = {
      id: 'imap:continuation',
      label: '+',
      title: 'Continuation request',
      detail:
        'The server waits for more of the current command: the literal data announced with {n}, or the next base64 line of AUTHENTICATE.',
      source: 'RFC 9051, section 7.5',
    };
    return {
      protocol: 'imap',
      line,
      outcome: 'continuation',
      summary: `+: ${part.title}.`,
      parts: [part],
    };
  }
  // Untagged message data puts a number first: `* 3 EXISTS`, `* 1 FETCH (…)`.
  const match = /^(\S+)\s+(?:\d+\s+)?([A-Za-z]+)(?:\s+(.*))?$/s.exec(line);
  if (match === null) {
    return null;
  }
  const tag = match[1]!;
  const word = match[2]!.toUpperCase();
  const rest = match[3] ?? '';
  const status = IMAP_STATUS_WORDS[word];
  const tagged = tag !== '*';
  if (status === undefined) {
    if (tagged) {
      return null;
    }
    const part: ExplanationPart = {
      id: `imap-data:${word}`,
      label: `* ${word}`,
      title: 'Untagged data',
      detail:
        word === 'CAPABILITY'
          ? 'The capabilities the server offers now; they can change after STARTTLS and after login.'
          : 'Data the server sends alongside a command (or on its own); the tagged line that follows ends the command.',
      source: 'RFC 9051, section 7',
    };
    return {
      protocol: 'imap',
      line,
      outcome: 'data',
      summary: `* ${word}: ${part.title}.`,
      parts: [part],
    };
  }

  const parts: ExplanationPart[] = [
    {
      id: `imap:${word}`,
      label: tagged ? `${tag} ${word}` : `* ${word}`,
      title: status.title,
      detail: tagged
        ? `${status.detail} The tag ${tag} names the command this completes.`
        : status.detail,
      source: status.source,
    },
  ];
  const code = /^\[([^\]]*)\]/.exec(rest);
  if (code !== null) {
    parts.push(imapCodePart(code[1] ?? ''));
  }
  if (tagged && word === 'BAD' && /^STARTTLS$/i.test(tag)) {
    parts.push({
      id: 'hint:imap-missing-tag',
      label: 'Tag',
      title: 'The command had no tag',
      detail: `The server read "${tag}" as the tag. Every IMAP command starts with a tag, e.g. "a1 ${tag}".`,
      source: 'RFC 9051, section 2.2.1',
    });
  }
  const headline = parts[1] ?? parts[0]!;
  return {
    protocol: 'imap',
    line,
    outcome: IMAP_OUTCOMES[word] ?? 'unknown',
    summary: `${word}: ${status.title}.${headline === parts[0] ? '' : ` ${headline.label} ${headline.title}.`}`,
    parts,
  };
}

function explainPop3(line: string): Explanation | null {
  const match = /^(\+OK|-ERR|\+)(?:\s+(.*))?$/is.exec(line);
  if (match === null) {
    return null;
  }
  const word = match[1]!.toUpperCase();
  const rest = match[2] ?? '';
  const status = POP3_STATUS[word]!;
  const parts: ExplanationPart[] = [{ id: `pop3:${word}`, label: word, ...status }];
  const code = /^\[([^\]]*)\]/.exec(rest);
  if (code !== null) {
    const name = (code[1] ?? '').toUpperCase();
    const known = POP3_RESPONSE_CODES[name] ?? POP3_RESPONSE_CODES[name.split('/')[0] ?? ''];
    parts.push(
      known === undefined
        ? {
            id: 'pop3-code:unknown',
            label: `[${name}]`,
            title: 'Response code not in the registry',
            detail: 'A server-specific code; its meaning is in the text after it.',
            source: 'RFC 2449, section 8',
          }
        : { id: `pop3-code:${name}`, label: `[${name}]`, ...known },
    );
  }
  if (word === '-ERR' && /unknown command/i.test(rest)) {
    parts.push({
      id: 'hint:pop3-stls',
      label: 'Text',
      title: 'Unknown command',
      detail:
        'POP3 upgrades to TLS with STLS, not STARTTLS; CAPA lists the commands the server offers.',
      source: 'RFC 2595, section 4',
    });
  }
  const outcomes: Readonly<Record<string, ReplyOutcome>> = {
    '+OK': 'success',
    '-ERR': 'permanent-failure',
    '+': 'continuation',
  };
  const headline = parts[1] ?? parts[0]!;
  return {
    protocol: 'pop3',
    line,
    outcome: outcomes[word] ?? 'unknown',
    summary: `${word}: ${status.title}.${headline === parts[0] ? '' : ` ${headline.label} ${headline.title}.`}`,
    parts,
  };
}

/**
 * Explains one server line: its reply code or status word, an enhanced status code or response
 * code inside it, and hints from its text. Returns null for a line that is no reply, such as a
 * line of message data. The line is taken as shown, without its line ending.
 */
export function explainServerLine(protocol: ProtocolId, line: string): Explanation | null {
  switch (protocol) {
    case 'smtp':
      return explainSmtp(line);
    case 'imap':
      return explainImap(line);
    case 'pop3':
      return explainPop3(line);
    case 'raw':
      return null;
  }
}
