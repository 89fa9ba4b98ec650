import type { CodeMeaning } from './types';

/**
 * Enhanced mail system status codes `class.subject.detail` (RFC 3463), with the additions of the
 * IANA "SMTP Enhanced Status Codes" registry that RFC 5248 set up
 * (https://www.iana.org/assignments/smtp-enhanced-status-codes). Titles follow the registry's
 * summaries; the details are written for someone reading a live session.
 */

const RFC3463 = 'RFC 3463';
const RFC5248 = 'RFC 5248 (IANA registry)';

export const ENHANCED_CLASSES: Readonly<Record<string, CodeMeaning>> = {
  '2': {
    title: 'Success',
    detail: 'The action succeeded; the rest of the code may say what was done on the way.',
    source: `${RFC3463}, section 3.1`,
  },
  '4': {
    title: 'Persistent transient failure',
    detail:
      'The message is valid but a temporary condition stopped it; the same request may succeed later.',
    source: `${RFC3463}, section 3.1`,
  },
  '5': {
    title: 'Permanent failure',
    detail:
      'Sending the same thing again will fail the same way; the message, the address or the setup must change.',
    source: `${RFC3463}, section 3.1`,
  },
};

export const ENHANCED_SUBJECTS: Readonly<Record<string, CodeMeaning>> = {
  '0': {
    title: 'Other or undefined status',
    detail: 'The server gave no subject detail.',
    source: `${RFC3463}, section 3.2`,
  },
  '1': {
    title: 'Addressing status',
    detail: 'Something about a sender or recipient address; usually the sender can fix it.',
    source: `${RFC3463}, section 3.2`,
  },
  '2': {
    title: 'Mailbox status',
    detail: 'Something about the recipient mailbox, which the recipient controls.',
    source: `${RFC3463}, section 3.2`,
  },
  '3': {
    title: 'Mail system status',
    detail: 'Something about the receiving mail system, which its administrator controls.',
    source: `${RFC3463}, section 3.2`,
  },
  '4': {
    title: 'Network and routing status',
    detail: 'Something about the network or the routing between the mail systems.',
    source: `${RFC3463}, section 3.2`,
  },
  '5': {
    title: 'Mail delivery protocol status',
    detail: 'Something about the SMTP dialogue itself: commands, arguments, their order.',
    source: `${RFC3463}, section 3.2`,
  },
  '6': {
    title: 'Message content or media status',
    detail: 'Something about the message content: size, encoding, conversion.',
    source: `${RFC3463}, section 3.2`,
  },
  '7': {
    title: 'Security or policy status',
    detail: 'A security, authentication or policy decision of the server.',
    source: `${RFC3463}, section 3.2`,
  },
};

function entry(title: string, detail: string, source: string): CodeMeaning {
  return { title, detail, source };
}

/** Subject and detail `S.D` to meaning; the class digit applies to all of them. */
export const ENHANCED_DETAILS: Readonly<Record<string, CodeMeaning>> = {
  '0.0': entry(
    'Other undefined status',
    'Only the class is known: success, temporary or permanent failure.',
    `${RFC3463}, section 3.3`,
  ),
  '1.0': entry(
    'Other address status',
    'Something about an address caused this reply.',
    `${RFC3463}, section 3.3`,
  ),
  '1.1': entry(
    'Bad destination mailbox address',
    'The mailbox left of the @ does not exist on this server.',
    `${RFC3463}, section 3.3`,
  ),
  '1.2': entry(
    'Bad destination system address',
    'The domain right of the @ does not exist or takes no mail.',
    `${RFC3463}, section 3.3`,
  ),
  '1.3': entry(
    'Bad destination mailbox address syntax',
    'The recipient address is not valid syntax; check the angle brackets and the domain.',
    `${RFC3463}, section 3.3`,
  ),
  '1.4': entry(
    'Destination mailbox address ambiguous',
    'The address matches more than one mailbox on the server.',
    `${RFC3463}, section 3.3`,
  ),
  '1.5': entry(
    'Destination address valid',
    'The recipient address is good.',
    `${RFC3463}, section 3.3`,
  ),
  '1.6': entry(
    'Destination mailbox has moved, no forwarding address',
    'The address was valid once but takes no mail any more.',
    `${RFC3463}, section 3.3`,
  ),
  '1.7': entry(
    "Bad sender's mailbox address syntax",
    'The MAIL FROM address is not valid syntax.',
    `${RFC3463}, section 3.3`,
  ),
  '1.8': entry(
    "Bad sender's system address",
    "The sender's domain does not exist or cannot take replies.",
    `${RFC3463}, section 3.3`,
  ),
  '1.9': entry(
    'Message relayed to non-compliant mailer',
    'The message went on to a system that cannot report delivery status.',
    'RFC 3886',
  ),
  '1.10': entry(
    'Recipient address has null MX',
    'The recipient domain publishes a null MX record: it accepts no mail at all.',
    'RFC 7505',
  ),
  '2.0': entry(
    'Other or undefined mailbox status',
    'The mailbox exists, but something about it caused this reply.',
    `${RFC3463}, section 3.4`,
  ),
  '2.1': entry(
    'Mailbox disabled, not accepting messages',
    'The mailbox exists but is switched off for incoming mail.',
    `${RFC3463}, section 3.4`,
  ),
  '2.2': entry(
    'Mailbox full',
    'The recipient is over quota; the message may go through once they make room.',
    `${RFC3463}, section 3.4`,
  ),
  '2.3': entry(
    'Message length exceeds administrative limit',
    'The message is larger than this mailbox accepts.',
    `${RFC3463}, section 3.4`,
  ),
  '2.4': entry(
    'Mailing list expansion problem',
    'The address is a list, and expanding it failed.',
    `${RFC3463}, section 3.4`,
  ),
  '3.0': entry(
    'Other or undefined mail system status',
    'The receiving mail system has a problem; the text may say which.',
    `${RFC3463}, section 3.5`,
  ),
  '3.1': entry(
    'Mail system full',
    'The server is out of queue or disk space; try again later.',
    `${RFC3463}, section 3.5`,
  ),
  '3.2': entry(
    'System not accepting network messages',
    'The server takes no mail at the moment, for example during maintenance.',
    `${RFC3463}, section 3.5`,
  ),
  '3.3': entry(
    'System not capable of selected features',
    'The server does not support a feature the command asked for.',
    `${RFC3463}, section 3.5`,
  ),
  '3.4': entry(
    'Message too big for system',
    'The message is larger than the whole server accepts (see SIZE in the EHLO reply).',
    `${RFC3463}, section 3.5`,
  ),
  '3.5': entry(
    'System incorrectly configured',
    'The server is misconfigured; only its administrator can fix this.',
    `${RFC3463}, section 3.5`,
  ),
  '3.6': entry(
    'Requested priority was changed',
    'The server accepted the message at another priority than requested.',
    'RFC 6710',
  ),
  '4.0': entry(
    'Other or undefined network or routing status',
    'A network or routing problem; the text may say which.',
    `${RFC3463}, section 3.6`,
  ),
  '4.1': entry(
    'No answer from host',
    'The next server did not answer the connection.',
    `${RFC3463}, section 3.6`,
  ),
  '4.2': entry(
    'Bad connection',
    'The connection was set up but failed during the transaction.',
    `${RFC3463}, section 3.6`,
  ),
  '4.3': entry(
    'Directory server failure',
    'A directory (such as DNS or LDAP) needed for routing did not answer.',
    `${RFC3463}, section 3.6`,
  ),
  '4.4': entry(
    'Unable to route',
    'The server found no route to the destination, for example no MX or A record.',
    `${RFC3463}, section 3.6`,
  ),
  '4.5': entry(
    'Mail system congestion',
    'The server is busy or has hit a connection or session limit; try again later.',
    `${RFC3463}, section 3.6`,
  ),
  '4.6': entry(
    'Routing loop detected',
    'The message passed through too many servers (too many Received headers).',
    `${RFC3463}, section 3.6`,
  ),
  '4.7': entry(
    'Delivery time expired',
    'The message stayed queued longer than the server allows.',
    `${RFC3463}, section 3.6`,
  ),
  '5.0': entry(
    'Other or undefined protocol status',
    'Something in the SMTP dialogue went wrong; the text may say what.',
    `${RFC3463}, section 3.7`,
  ),
  '5.1': entry(
    'Invalid command',
    'The command is unknown, out of sequence or not allowed now.',
    `${RFC3463}, section 3.7`,
  ),
  '5.2': entry(
    'Syntax error',
    'The command was recognised but its syntax is wrong.',
    `${RFC3463}, section 3.7`,
  ),
  '5.3': entry(
    'Too many recipients',
    'The message has more recipients than the server takes in one transaction; send the rest in another.',
    `${RFC3463}, section 3.7`,
  ),
  '5.4': entry(
    'Invalid command arguments',
    'The command is valid, but one of its arguments is not.',
    `${RFC3463}, section 3.7`,
  ),
  '5.5': entry(
    'Wrong protocol version',
    'The two sides speak incompatible protocol versions.',
    `${RFC3463}, section 3.7`,
  ),
  '5.6': entry(
    'Authentication exchange line is too long',
    'A SASL line of the AUTH exchange was longer than the server accepts.',
    'RFC 4954, section 6',
  ),
  '6.0': entry(
    'Other or undefined media error',
    'Something about the message content caused this reply.',
    `${RFC3463}, section 3.8`,
  ),
  '6.1': entry(
    'Media not supported',
    'The message uses a media type the destination cannot take.',
    `${RFC3463}, section 3.8`,
  ),
  '6.2': entry(
    'Conversion required and prohibited',
    'The content must be converted but the message forbids conversion.',
    `${RFC3463}, section 3.8`,
  ),
  '6.3': entry(
    'Conversion required but not supported',
    'The content must be converted and the server cannot do it.',
    `${RFC3463}, section 3.8`,
  ),
  '6.4': entry(
    'Conversion with loss performed',
    'The content was converted and lost information on the way.',
    `${RFC3463}, section 3.8`,
  ),
  '6.5': entry('Conversion failed', 'Converting the content failed.', `${RFC3463}, section 3.8`),
  '6.6': entry(
    'Message content not available',
    'The content referenced by the message could not be fetched.',
    'RFC 4468',
  ),
  '6.7': entry(
    'Non-ASCII addresses not permitted for that sender or recipient',
    'An internationalised address was used where it is not allowed.',
    'RFC 6531',
  ),
  '6.8': entry(
    'UTF-8 string reply is required, but not permitted by the SMTP client',
    'The server needs to reply in UTF-8 but the client did not ask for SMTPUTF8.',
    'RFC 6531',
  ),
  '6.9': entry(
    'UTF-8 header message cannot be transferred to one or more recipients',
    'The message has UTF-8 headers and a recipient system lacks SMTPUTF8.',
    'RFC 6531',
  ),
  '6.10': entry(
    'UTF-8 string reply is required, but not permitted by the SMTP client',
    'Registered in error as a duplicate of X.6.8, with the same meaning.',
    'RFC 6531',
  ),
  '7.0': entry(
    'Other or undefined security status',
    'A security or policy decision; often "authentication required" or "TLS required".',
    `${RFC3463}, section 3.9`,
  ),
  '7.1': entry(
    'Delivery not authorized, message refused',
    'The server refuses this sender or recipient by policy: relaying denied, blocklist, SPF or a local rule.',
    `${RFC3463}, section 3.9`,
  ),
  '7.2': entry(
    'Mailing list expansion prohibited',
    'The sender may not send to this list.',
    `${RFC3463}, section 3.9`,
  ),
  '7.3': entry(
    'Security conversion required but not possible',
    'The message must be converted for security reasons and cannot be.',
    `${RFC3463}, section 3.9`,
  ),
  '7.4': entry(
    'Security features not supported',
    'The message uses security features the server cannot handle.',
    `${RFC3463}, section 3.9`,
  ),
  '7.5': entry(
    'Cryptographic failure',
    'Verifying or decrypting the message failed.',
    `${RFC3463}, section 3.9`,
  ),
  '7.6': entry(
    'Cryptographic algorithm not supported',
    'The message uses an algorithm the server does not support.',
    `${RFC3463}, section 3.9`,
  ),
  '7.7': entry(
    'Message integrity failure',
    'The message was changed on the way and failed an integrity check.',
    `${RFC3463}, section 3.9`,
  ),
  '7.8': entry(
    'Authentication credentials invalid',
    'Wrong user name or password, or a badly encoded AUTH string (check the base64 and the NUL separators).',
    'RFC 4954, section 6',
  ),
  '7.9': entry(
    'Authentication mechanism is too weak',
    'The server wants a stronger SASL mechanism than the one chosen.',
    'RFC 4954, section 6',
  ),
  '7.10': entry(
    'Encryption needed',
    'The chosen authentication mechanism needs an encrypted connection: run STARTTLS first.',
    RFC5248,
  ),
  '7.11': entry(
    'Encryption required for requested authentication mechanism',
    'This mechanism is only allowed over TLS: run STARTTLS first.',
    'RFC 4954, section 6',
  ),
  '7.12': entry(
    'A password transition is needed',
    'The user must log in once with a plaintext mechanism to set up the chosen one.',
    'RFC 4954, section 6',
  ),
  '7.13': entry(
    'User account disabled',
    'The account exists but an administrator disabled it.',
    RFC5248,
  ),
  '7.14': entry(
    'Trust relationship required',
    'The server accepts this only from systems it has an agreement with.',
    RFC5248,
  ),
  '7.15': entry(
    'Priority level is too low',
    'The server currently takes only messages of higher priority.',
    'RFC 6710',
  ),
  '7.16': entry(
    'Message is too big for the specified priority',
    'Messages of this priority must be smaller.',
    'RFC 6710',
  ),
  '7.17': entry(
    'Mailbox owner has changed',
    'The mailbox now belongs to someone else (require-recipient-valid-since check).',
    'RFC 7293',
  ),
  '7.18': entry(
    'Domain owner has changed',
    'The domain now belongs to someone else (require-recipient-valid-since check).',
    'RFC 7293',
  ),
  '7.19': entry(
    'RRVS test cannot be completed',
    'The server cannot check the require-recipient-valid-since condition.',
    'RFC 7293',
  ),
  '7.20': entry(
    'No passing DKIM signature found',
    'The message has no valid DKIM signature and the receiver requires one.',
    'RFC 7372',
  ),
  '7.21': entry(
    'No acceptable DKIM signature found',
    'DKIM signatures verify but none is acceptable to the receiver.',
    'RFC 7372',
  ),
  '7.22': entry(
    'No valid author-matched DKIM signature found',
    "No valid DKIM signature matches the From header's domain.",
    'RFC 7372',
  ),
  '7.23': entry(
    'SPF validation failed',
    "The sending address is not allowed by the domain's SPF record.",
    'RFC 7372',
  ),
  '7.24': entry(
    'SPF validation error',
    "Evaluating the domain's SPF record failed, for example a DNS error.",
    'RFC 7372',
  ),
  '7.25': entry(
    'Reverse DNS validation failed',
    "The client's IP address has no matching reverse DNS name.",
    'RFC 7372',
  ),
  '7.26': entry(
    'Multiple authentication checks failed',
    'Several of SPF, DKIM and reverse DNS failed.',
    'RFC 7372',
  ),
  '7.27': entry(
    'Sender address has null MX',
    "The sender's domain publishes a null MX: it accepts no mail, so it cannot receive bounces.",
    'RFC 7505',
  ),
  '7.30': entry(
    'REQUIRETLS support required',
    'The message asks for REQUIRETLS and the next hop does not support it.',
    'RFC 8689',
  ),
};

/** An enhanced status code as read from reply text: `5.7.1`, or `4.x.2` with a placeholder. */
export interface EnhancedStatusCode {
  /** The token as sent, without a leading `#`. */
  readonly text: string;
  readonly classDigit: string;
  /** Null when the server sent a placeholder such as `x`. */
  readonly subject: string | null;
  readonly detail: string | null;
}

/**
 * Reads an enhanced status code at the start of reply text. Some servers (Cisco AsyncOS among
 * them) write it as `#5.7.1`, and some print an `x` where they have no number; both are read.
 */
export function readEnhancedStatusCode(text: string): EnhancedStatusCode | null {
  const match = /^#?([245])\.(\d{1,3}|[xX])\.(\d{1,3}|[xX])(?=\s|$)/.exec(text.trimStart());
  if (match === null) {
    return null;
  }
  const [, classDigit, subject, detail] = match as unknown as [string, string, string, string];
  const number = (part: string): string | null =>
    /^\d+$/.test(part) ? String(Number(part)) : null;
  return {
    text: `${classDigit}.${subject}.${detail}`,
    classDigit,
    subject: number(subject),
    detail: number(detail),
  };
}
