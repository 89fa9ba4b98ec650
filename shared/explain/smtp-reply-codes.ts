import type { CodeMeaning } from './types';

/**
 * SMTP reply codes: the list of RFC 5321, section 4.2.3, and the codes that STARTTLS (RFC 3207),
 * AUTH (RFC 4954) and RFC 7504 added. A code can mean different things after different commands
 * (220 greets or allows TLS, 454 refuses TLS or AUTH), and the detail covers each.
 */
export const SMTP_REPLY_CODES: Readonly<Record<number, CodeMeaning>> = {
  211: {
    title: 'System status or help reply',
    detail: 'Information the client asked for.',
    source: 'RFC 5321, section 4.2.3',
  },
  214: {
    title: 'Help message',
    detail: 'Text for a human, usually the answer to HELP.',
    source: 'RFC 5321, section 4.2.3',
  },
  220: {
    title: 'Service ready',
    detail:
      'The greeting: the server is ready for EHLO. After STARTTLS, 220 means "start the TLS handshake now".',
    source: 'RFC 5321, section 4.2.3; RFC 3207, section 4',
  },
  221: {
    title: 'Service closing transmission channel',
    detail: 'The server ends the session, normally in answer to QUIT.',
    source: 'RFC 5321, section 4.2.3',
  },
  235: {
    title: 'Authentication successful',
    detail: 'AUTH succeeded; the session now runs as the authenticated user.',
    source: 'RFC 4954, section 6',
  },
  250: {
    title: 'Requested mail action okay, completed',
    detail:
      'The command succeeded. After EHLO, the lines after the first list the extensions the server offers.',
    source: 'RFC 5321, section 4.2.3',
  },
  251: {
    title: 'User not local; will forward',
    detail: 'The server accepts the recipient and will pass the message on.',
    source: 'RFC 5321, section 4.2.3',
  },
  252: {
    title: 'Cannot verify the user, but will accept the message and attempt delivery',
    detail: 'VRFY gave no answer, usually on purpose, so addresses cannot be harvested.',
    source: 'RFC 5321, section 4.2.3',
  },
  334: {
    title: 'Server challenge (AUTH)',
    detail:
      'The server waits for the next line of the SASL exchange. The text is base64; an empty 334 is a valid empty challenge. Answer with one base64 line, or "*" to cancel.',
    source: 'RFC 4954, section 4',
  },
  354: {
    title: 'Start mail input; end with <CRLF>.<CRLF>',
    detail:
      'DATA was accepted: send the headers, an empty line, the body, then a line with a single dot. Lines starting with a dot need a second dot.',
    source: 'RFC 5321, sections 4.2.3 and 4.5.2',
  },
  421: {
    title: 'Service not available, closing transmission channel',
    detail:
      'The server is shutting this session down (overload, limits, shutdown); reconnect later.',
    source: 'RFC 5321, section 4.2.3',
  },
  432: {
    title: 'A password transition is needed',
    detail: 'Log in once with a plaintext mechanism (over TLS) to set up the chosen one.',
    source: 'RFC 4954, section 6',
  },
  450: {
    title: 'Requested mail action not taken: mailbox unavailable',
    detail:
      'Temporarily: the mailbox is busy or the server is greylisting or rate-limiting; retry later.',
    source: 'RFC 5321, section 4.2.3',
  },
  451: {
    title: 'Requested action aborted: local error in processing',
    detail: 'A temporary error on the server, such as a failed lookup; retry later.',
    source: 'RFC 5321, section 4.2.3',
  },
  452: {
    title: 'Requested action not taken: insufficient system storage',
    detail:
      'The server is temporarily out of space, or (after RCPT) too many recipients; retry later or send the rest in a new transaction.',
    source: 'RFC 5321, sections 4.2.3 and 4.5.3.1.10',
  },
  454: {
    title: 'TLS not available, or temporary authentication failure',
    detail:
      'After STARTTLS: the server cannot start TLS now and the session stays unencrypted, so send no credentials. After AUTH: a temporary server-side failure.',
    source: 'RFC 3207, section 4; RFC 4954, section 6',
  },
  455: {
    title: 'Server unable to accommodate parameters',
    detail: 'A MAIL or RCPT parameter cannot be handled now; retry later.',
    source: 'RFC 5321, section 4.2.3',
  },
  500: {
    title: 'Syntax error, command unrecognized',
    detail: 'The server does not know this command, or the line is too long.',
    source: 'RFC 5321, section 4.2.3',
  },
  501: {
    title: 'Syntax error in parameters or arguments',
    detail: 'The command is known, but its arguments are wrong or missing.',
    source: 'RFC 5321, section 4.2.3',
  },
  502: {
    title: 'Command not implemented',
    detail: 'The server knows the command but does not offer it.',
    source: 'RFC 5321, section 4.2.3',
  },
  503: {
    title: 'Bad sequence of commands',
    detail:
      'The command is not allowed at this point of the session (for example RCPT before MAIL).',
    source: 'RFC 5321, section 4.2.3',
  },
  504: {
    title: 'Command parameter not implemented',
    detail: 'A parameter or option of the command is not supported.',
    source: 'RFC 5321, section 4.2.3',
  },
  521: {
    title: 'Host does not accept mail',
    detail: 'The server accepts no mail at all (a null MX host, or a dummy server).',
    source: 'RFC 7504, section 3',
  },
  530: {
    title: 'Authentication or encryption required',
    detail: 'The server wants STARTTLS or AUTH before this command.',
    source: 'RFC 3207, section 4; RFC 4954, section 6',
  },
  534: {
    title: 'Authentication mechanism is too weak',
    detail: 'Choose a stronger SASL mechanism.',
    source: 'RFC 4954, section 6',
  },
  535: {
    title: 'Authentication credentials invalid',
    detail:
      'AUTH failed: wrong user or password, or a broken base64 string (missing NUL, a trailing newline, the wrong encoding).',
    source: 'RFC 4954, section 6',
  },
  538: {
    title: 'Encryption required for requested authentication mechanism',
    detail: 'Run STARTTLS, then AUTH again.',
    source: 'RFC 4954, section 6',
  },
  550: {
    title: 'Requested action not taken: mailbox unavailable',
    detail:
      'Permanently: the mailbox does not exist, or policy refuses it (relaying denied, blocked sender).',
    source: 'RFC 5321, section 4.2.3',
  },
  551: {
    title: 'User not local',
    detail: 'The server will not forward to this recipient; the text may name another address.',
    source: 'RFC 5321, section 4.2.3',
  },
  552: {
    title: 'Requested mail action aborted: exceeded storage allocation',
    detail: 'The message is too big for the mailbox or the server.',
    source: 'RFC 5321, section 4.2.3',
  },
  553: {
    title: 'Requested action not taken: mailbox name not allowed',
    detail: 'The address is not acceptable, for example bad syntax or a sender not allowed.',
    source: 'RFC 5321, section 4.2.3',
  },
  554: {
    title: 'Transaction failed',
    detail:
      'A permanent refusal. As a greeting it means "no SMTP service here"; after the final dot, the message was rejected.',
    source: 'RFC 5321, section 4.2.3',
  },
  555: {
    title: 'MAIL FROM or RCPT TO parameters not recognized or not implemented',
    detail: 'An ESMTP parameter (such as SIZE= or BODY=) is not supported.',
    source: 'RFC 5321, section 4.2.3',
  },
  556: {
    title: 'Domain does not accept mail',
    detail: 'The recipient domain accepts no mail (null MX).',
    source: 'RFC 7504, section 3',
  },
};

/** Meaning of the first digit (RFC 5321, section 4.2.1). */
export const SMTP_FIRST_DIGIT: Readonly<Record<string, string>> = {
  '2': 'Positive completion: the command succeeded.',
  '3': 'Positive intermediate: the server waits for more input.',
  '4': 'Transient negative completion: failed this time, may succeed later.',
  '5': 'Permanent negative completion: repeating the same command will fail.',
};

/** Meaning of the second digit (RFC 5321, section 4.2.1). */
export const SMTP_SECOND_DIGIT: Readonly<Record<string, string>> = {
  '0': 'about syntax',
  '1': 'information',
  '2': 'about the connection',
  '3': 'unspecified',
  '4': 'unspecified',
  '5': 'about the mail system',
};
