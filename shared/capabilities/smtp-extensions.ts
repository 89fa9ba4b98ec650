import type { CapabilityMeaning } from './types';

/**
 * SMTP service extensions an EHLO reply can list (RFC 5321, section 4.1.1.1), with the RFC that
 * defines each. Non-standard keywords that servers commonly send are included and marked as such.
 */
export const SMTP_EXTENSIONS: Readonly<Record<string, CapabilityMeaning>> = {
  SIZE: {
    meaning: 'Largest message the server accepts; 0 or no number means no fixed limit.',
    source: 'RFC 1870',
  },
  AUTH: {
    meaning: 'SMTP authentication with these SASL mechanisms.',
    source: 'RFC 4954',
  },
  'AUTH=': {
    meaning:
      'The same mechanisms in the pre-standard AUTH=… syntax, for old Outlook and Netscape clients.',
    source: 'RFC 4954, section 3 (legacy form)',
  },
  STARTTLS: {
    meaning: 'The client may upgrade this connection to TLS with the STARTTLS command.',
    source: 'RFC 3207',
  },
  PIPELINING: {
    meaning:
      'The client may send several commands without waiting for each reply; DATA, AUTH, STARTTLS, EHLO and QUIT must still end a group.',
    source: 'RFC 2920',
  },
  '8BITMIME': {
    meaning: 'Message bodies may contain 8-bit data (MAIL FROM:<…> BODY=8BITMIME).',
    source: 'RFC 6152',
  },
  SMTPUTF8: {
    meaning: 'Addresses and headers may contain UTF-8 (MAIL FROM:<…> SMTPUTF8).',
    source: 'RFC 6531',
  },
  CHUNKING: {
    meaning: 'The message may be sent in BDAT chunks of stated size instead of DATA.',
    source: 'RFC 3030',
  },
  BINARYMIME: {
    meaning: 'Binary message bodies are accepted with BDAT (BODY=BINARYMIME).',
    source: 'RFC 3030',
  },
  DSN: {
    meaning: 'Delivery status notifications on request (RET=, ENVID=, NOTIFY=, ORCPT=).',
    source: 'RFC 3461',
  },
  REQUIRETLS: {
    meaning: 'A message may demand TLS on every hop (MAIL FROM:<…> REQUIRETLS).',
    source: 'RFC 8689',
  },
  ENHANCEDSTATUSCODES: {
    meaning: 'Replies carry enhanced status codes such as 5.7.1 after the reply code.',
    source: 'RFC 2034',
  },
  ETRN: {
    meaning: 'The client may ask the server to flush its queue for a domain.',
    source: 'RFC 1985',
  },
  ATRN: {
    meaning: 'Authenticated turn: the roles swap to deliver queued mail.',
    source: 'RFC 2645',
  },
  VRFY: { meaning: 'VRFY asks whether an address exists.', source: 'RFC 5321, section 3.5' },
  EXPN: { meaning: 'EXPN expands a mailing list.', source: 'RFC 5321, section 3.5' },
  HELP: { meaning: 'HELP returns text for a human.', source: 'RFC 5321, section 4.1.1.8' },
  DELIVERBY: {
    meaning: 'A message may carry a deadline for delivery (BY=).',
    source: 'RFC 2852',
  },
  'MT-PRIORITY': { meaning: 'Messages may carry a priority (MT-PRIORITY=).', source: 'RFC 6710' },
  FUTURERELEASE: {
    meaning: 'A message may be held for release at a later time.',
    source: 'RFC 4865',
  },
  BURL: {
    meaning: 'The message may be fetched from an IMAP URL (BURL command).',
    source: 'RFC 4468',
  },
  LIMITS: {
    meaning: 'The server states its limits (RCPTMAX, MAILMAX, RCPTDOMAINMAX).',
    source: 'RFC 9422',
  },
  RRVS: {
    meaning: 'Require-recipient-valid-since checks on recipients.',
    source: 'RFC 7293',
  },
  'NO-SOLICITING': { meaning: 'The server states its no-soliciting keywords.', source: 'RFC 3865' },
  MTRK: { meaning: 'Message tracking requests.', source: 'RFC 3885' },
  SUBMITTER: {
    meaning: 'The responsible submitter may be named (SUBMITTER=).',
    source: 'RFC 4405',
  },
  CHECKPOINT: { meaning: 'Interrupted transfers may resume.', source: 'RFC 1845' },
  UTF8SMTP: {
    meaning: 'The experimental predecessor of SMTPUTF8.',
    source: 'RFC 5336 (obsolete)',
  },
  PIPECONNECT: {
    meaning:
      'Exim extension: a returning client may send EHLO before the greeting. Not standard SMTP.',
    source: 'Exim specification, section "Pipelining the SMTP connection"',
  },
  XCLIENT: {
    meaning: 'Postfix extension: a trusted proxy may pass on the original client facts.',
    source: 'Postfix XCLIENT_README',
  },
  XFORWARD: {
    meaning: 'Postfix extension: a trusted filter may forward the original client facts.',
    source: 'Postfix XFORWARD_README',
  },
  'X-EXPS': {
    meaning: 'Microsoft Exchange extension for server-to-server authentication.',
    source: 'Microsoft',
  },
  'X-LINK2STATE': { meaning: 'Microsoft Exchange routing extension.', source: 'Microsoft' },
  XEXCH50: {
    meaning: 'Microsoft Exchange 2003 extension for message properties.',
    source: 'Microsoft',
  },
  TURN: { meaning: 'Obsolete role swap without authentication.', source: 'RFC 821 (obsolete)' },
  VERB: { meaning: 'Sendmail extension: verbose delivery output.', source: 'Sendmail' },
  ONEX: { meaning: 'Sendmail extension: one message per session.', source: 'Sendmail' },
};
