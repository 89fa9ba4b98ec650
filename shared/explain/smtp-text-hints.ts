import type { ExplanationPart } from './types';

/**
 * Hints read from the free text of an SMTP reply. Codes give the severity of a reply, and the text
 * often names the cause in words that servers share. Each hint states what usually causes the reply and what
 * to do, and names where the rule comes from.
 */
interface TextHint {
  readonly id: string;
  readonly pattern: RegExp;
  readonly title: string;
  readonly detail: string;
  readonly source: string;
}

const HINTS: readonly TextHint[] = [
  {
    id: 'sync-error',
    pattern:
      /synchroni[sz]ation error|input sent without waiting|talked too soon|pipelining not allowed/i,
    title: 'The client sent before it was allowed to',
    detail:
      'Something arrived before the server asked for it: a command before the greeting, several commands at once although PIPELINING was not offered, or message content before the 354 reply to DATA.',
    source: 'RFC 5321, section 4.3.1; RFC 2920, section 3.1',
  },
  {
    id: 'bare-lf',
    pattern:
      /bare\s*<?LF>?|bare (new ?line|linefeed)|bare <CR>|bare CR\b|illegal bare CR|line ending/i,
    title: 'Wrong line endings',
    detail:
      'SMTP lines must end in CRLF. A lone LF or CR is refused by many servers since the SMTP smuggling fixes; this is a line-ending problem, not an authentication or relay problem.',
    source: 'RFC 5321, sections 2.3.8 and 4.1.1.4',
  },
  {
    id: 'routing-loop',
    pattern: /too many hops|mail loop|loop detected|hop count/i,
    title: 'Mail loop',
    detail:
      'The message passed through too many servers; a server counts the Received: headers to stop loops. Look for two servers forwarding to each other.',
    source: 'RFC 5321, section 6.3',
  },
  {
    id: 'line-too-long',
    pattern: /line too long|line length|too long line/i,
    title: 'Line too long',
    detail:
      'A command line may have at most 512 octets and a text line of the message at most 1000, CRLF included.',
    source: 'RFC 5321, sections 4.5.3.1.4 and 4.5.3.1.6',
  },
  {
    id: 'connection-limit',
    pattern: /too many (tls sessions|connections|concurrent)|connection (limit|rate)/i,
    title: 'Connection limit reached',
    detail:
      'The server limits simultaneous connections or TLS sessions, per client or in total. Close other sessions or retry later.',
    source: 'RFC 5321, section 4.5.3.2',
  },
  {
    id: 'message-limit',
    pattern: /too many messages/i,
    title: 'Message limit per session reached',
    detail: 'The server takes only so many messages per connection: reconnect to send the rest.',
    source: 'RFC 5321, section 4.2.3 (421)',
  },
  {
    id: 'recipient-limit',
    pattern: /too many recipients/i,
    title: 'Recipient limit reached',
    detail:
      'The transaction has more recipients than the server accepts. Servers must accept at least 100; send the remaining recipients in another transaction.',
    source: 'RFC 5321, section 4.5.3.1.8',
  },
  {
    id: 'session-time-limit',
    pattern: /connection time|session time|too long connected|timeout exceeded/i,
    title: 'Session time limit',
    detail:
      'The session lasted longer than the server allows; reconnect and finish the work faster.',
    source: 'RFC 5321, section 4.5.3.2',
  },
  {
    id: 'error-limit',
    pattern:
      /bad (smtp )?command limit|too many (errors|bad commands|invalid commands|unknown commands)/i,
    title: 'Too many bad commands',
    detail:
      'The server counts failed or unknown commands and disconnects after a limit. Check the commands against the EHLO reply.',
    source: 'RFC 5321, section 4.2.3 (421)',
  },
  {
    id: 'licence',
    pattern: /licen[cs]e/i,
    title: 'Server software licence problem',
    detail:
      'The server software refuses to work because of its licence; only its administrator can fix this.',
    source: 'server text',
  },
  {
    id: 'tls-required',
    pattern:
      /starttls (command )?first|must issue a starttls|encryption required|tls required|requires? (tls|encryption)/i,
    title: 'TLS required first',
    detail: 'Run STARTTLS, send EHLO again, then repeat the command over TLS.',
    source: 'RFC 3207, section 4',
  },
  {
    id: 'tls-unavailable',
    pattern: /tls not (available|supported)|tls is not available|cannot start tls/i,
    title: 'TLS not available',
    detail:
      'The server offered or was asked for TLS but cannot start it, often a certificate or key file it cannot read. The session is still unencrypted: send no password.',
    source: 'RFC 3207, section 4',
  },
  {
    id: 'auth-required',
    pattern: /authentication required|auth(entication)? first|must authenticate|need auth/i,
    title: 'Authentication required',
    detail:
      'Submission ports accept mail only after AUTH. Check that the EHLO reply lists AUTH (often only after STARTTLS).',
    source: 'RFC 4954, section 6; RFC 6409, section 4.3',
  },
  {
    id: 'auth-unavailable',
    pattern: /auth(entication)? (is )?not (available|enabled|supported|offered)/i,
    title: 'AUTH not offered',
    detail:
      'The server does not offer AUTH here. Many servers list AUTH only after STARTTLS, and only on the submission port.',
    source: 'RFC 4954, section 3',
  },
  {
    id: 'auth-mechanism',
    pattern:
      /mechanism .*not (available|supported)|unrecognized authentication type|unsupported (auth|authentication|sasl) mechanism/i,
    title: 'Mechanism not offered',
    detail: 'Use one of the mechanisms the AUTH line of the EHLO reply lists.',
    source: 'RFC 4954, section 4',
  },
  {
    id: 'auth-in-transaction',
    pattern: /auth(entication)? not (permitted|allowed) during a mail transaction/i,
    title: 'AUTH inside a mail transaction',
    detail:
      'AUTH must come before MAIL FROM. Send RSET, then AUTH, then start the transaction again.',
    source: 'RFC 4954, section 4',
  },
  {
    id: 'auth-twice',
    pattern: /already authenticated/i,
    title: 'Already authenticated',
    detail: 'AUTH succeeds at most once per session; to log in as someone else, reconnect.',
    source: 'RFC 4954, section 4',
  },
  {
    id: 'mail-first',
    pattern: /mail first|need mail|sender not yet given|no sender/i,
    title: 'MAIL FROM is missing',
    detail: 'A transaction is MAIL FROM, then one or more RCPT TO, then DATA.',
    source: 'RFC 5321, section 3.3',
  },
  {
    id: 'rcpt-first',
    pattern: /rcpt first|need rcpt|no (valid )?recipients/i,
    title: 'RCPT TO is missing',
    detail: 'DATA needs at least one accepted RCPT TO first.',
    source: 'RFC 5321, section 3.3',
  },
  {
    id: 'helo-argument',
    pattern:
      /(ehlo|helo) requires|syntax: (ehlo|helo) hostname|(ehlo|helo) command rejected|invalid (helo|ehlo)|helo.*(domain|hostname)/i,
    title: 'EHLO argument rejected',
    detail:
      'EHLO needs the client\'s fully qualified host name, or an address literal such as [192.0.2.10] or [IPv6:2001:db8::10]. An empty argument, "localhost" or a bare IP address is often refused.',
    source: 'RFC 5321, sections 4.1.1.1 and 4.1.3',
  },
  {
    id: 'size-limit',
    pattern: /size (limit|exceeds)|exceeds .*size|message too (big|large)|header size/i,
    title: 'Size limit',
    detail:
      'The message or its header is larger than the server accepts. The SIZE value in the EHLO reply gives the limit for the whole message.',
    source: 'RFC 1870; RFC 5321, section 4.5.3.1',
  },
  {
    id: 'relay-denied',
    pattern:
      /relay(ing)? (access )?denied|not permitted to relay|relay not permitted|unable to relay/i,
    title: 'Relaying denied',
    detail:
      "The server does not deliver to this domain for an unauthenticated client. Authenticate on the submission port, or send to the recipient domain's own MX.",
    source: 'RFC 5321, section 3.6.1',
  },
  {
    id: 'greylisting',
    pattern: /greylist|graylist|try again later/i,
    title: 'Try again later',
    detail:
      'A temporary refusal, often greylisting: a real mail server retries after some minutes.',
    source: 'RFC 5321, section 4.5.4.1',
  },
  {
    id: 'ironport-mail-merge',
    pattern:
      /mailmerge|XDFN\b|XPRT\b|XMRG\b|\*parts|part number|now receiving parts|parts still missing|variable (value|name)/i,
    title: 'IronPort Mail Merge extension',
    detail:
      'This reply belongs to IronPort Mail Merge (XMRG FROM, XDFN, XPRT), a proprietary SMTP extension of Cisco (IronPort) email appliances, not to standard SMTP.',
    source: 'Net::SMTP::IPMM documentation (metacpan.org)',
  },
];

/** Returns the hints whose wording appears in the reply text, in catalog order. */
export function smtpTextHints(text: string): ExplanationPart[] {
  return HINTS.filter((hint) => hint.pattern.test(text)).map((hint) => ({
    id: `hint:${hint.id}`,
    label: 'Text',
    title: hint.title,
    detail: hint.detail,
    source: hint.source,
  }));
}
