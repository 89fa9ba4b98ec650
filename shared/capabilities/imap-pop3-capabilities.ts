import type { CapabilityMeaning } from './types';

function meaning(text: string, source: string): CapabilityMeaning {
  return { meaning: text, source };
}

/**
 * IMAP capabilities (RFC 9051, section 7.2.2, and the IANA "IMAP Capabilities" registry). Keys
 * ending in `=` cover every value, e.g. `AUTH=` for `AUTH=PLAIN`.
 */
export const IMAP_CAPABILITIES: Readonly<Record<string, CapabilityMeaning>> = {
  IMAP4REV1: meaning('Speaks IMAP4rev1.', 'RFC 3501'),
  IMAP4REV2: meaning('Speaks IMAP4rev2.', 'RFC 9051'),
  STARTTLS: meaning(
    'The client may upgrade to TLS with `tag STARTTLS`.',
    'RFC 9051, section 6.2.1',
  ),
  LOGINDISABLED: meaning(
    'LOGIN is refused on this connection, so no password goes out in clear; run STARTTLS first.',
    'RFC 9051, section 6.2.3',
  ),
  'AUTH=': meaning('AUTHENTICATE with this SASL mechanism.', 'RFC 9051, section 6.2.2'),
  'SASL-IR': meaning(
    'AUTHENTICATE may carry the first SASL response on the command line.',
    'RFC 4959',
  ),
  'LITERAL+': meaning(
    'Non-synchronising literals {n+}: the client need not wait for "+" before literal data.',
    'RFC 7888',
  ),
  'LITERAL-': meaning('Non-synchronising literals {n+} of up to 4096 bytes.', 'RFC 7888'),
  IDLE: meaning('The server pushes mailbox changes while the client waits in IDLE.', 'RFC 2177'),
  ID: meaning('Client and server may exchange implementation details (ID command).', 'RFC 2971'),
  ENABLE: meaning('Extensions may be switched on with ENABLE.', 'RFC 5161'),
  NAMESPACE: meaning('NAMESPACE tells the personal, other-users and shared prefixes.', 'RFC 2342'),
  UIDPLUS: meaning('APPEND and COPY report new UIDs; UID EXPUNGE is available.', 'RFC 4315'),
  MOVE: meaning('Messages can be moved atomically (MOVE, UID MOVE).', 'RFC 6851'),
  CONDSTORE: meaning('Mod-sequences allow conditional STORE and fast resync.', 'RFC 7162'),
  QRESYNC: meaning('Quick mailbox resynchronisation after reconnecting.', 'RFC 7162'),
  UNSELECT: meaning('UNSELECT leaves a mailbox without expunging.', 'RFC 3691'),
  CHILDREN: meaning('LIST marks mailboxes with or without children.', 'RFC 3348'),
  'LIST-EXTENDED': meaning('LIST takes selection and return options.', 'RFC 5258'),
  'LIST-STATUS': meaning('LIST can return STATUS data for each mailbox.', 'RFC 5819'),
  'SPECIAL-USE': meaning('Mailboxes are marked \\Sent, \\Trash, \\Drafts and so on.', 'RFC 6154'),
  'CREATE-SPECIAL-USE': meaning('CREATE can set a special-use mark.', 'RFC 6154'),
  QUOTA: meaning('Storage quotas can be read (GETQUOTA).', 'RFC 9208'),
  ACL: meaning('Access control lists on mailboxes.', 'RFC 4314'),
  'RIGHTS=': meaning('Extra ACL rights the server supports.', 'RFC 4314'),
  BINARY: meaning('FETCH BINARY returns decoded message parts.', 'RFC 3516'),
  CATENATE: meaning('APPEND can assemble a message from parts and URLs.', 'RFC 4469'),
  URLAUTH: meaning('Authorised IMAP URLs, used with SMTP BURL.', 'RFC 4467'),
  ESEARCH: meaning('Extended SEARCH results (MIN, MAX, COUNT, ALL).', 'RFC 4731'),
  SEARCHRES: meaning('The last search result can be reused as $.', 'RFC 5182'),
  SORT: meaning('The server sorts messages (SORT).', 'RFC 5256'),
  'SORT=DISPLAY': meaning('SORT by display name.', 'RFC 5957'),
  'THREAD=': meaning('The server threads messages with this algorithm.', 'RFC 5256'),
  'I18NLEVEL=': meaning('Internationalised comparison level.', 'RFC 5255'),
  'CONTEXT=': meaning('Search or sort results are updated as the mailbox changes.', 'RFC 5267'),
  ESORT: meaning('Extended SORT results.', 'RFC 5267'),
  WITHIN: meaning('SEARCH by age (OLDER, YOUNGER).', 'RFC 5032'),
  'COMPRESS=': meaning('The connection may be compressed with this method.', 'RFC 4978'),
  NOTIFY: meaning('The client chooses which mailbox events the server reports.', 'RFC 5465'),
  METADATA: meaning('Annotations on mailboxes and the server.', 'RFC 5464'),
  'METADATA-SERVER': meaning('Annotations on the server only.', 'RFC 5464'),
  MULTIAPPEND: meaning('APPEND takes several messages at once.', 'RFC 3502'),
  'UTF8=ACCEPT': meaning(
    'Mailbox names and headers in UTF-8 after ENABLE UTF8=ACCEPT.',
    'RFC 6855',
  ),
  SAVEDATE: meaning('Messages have a save date.', 'RFC 8514'),
  OBJECTID: meaning('Stable ids for mailboxes, messages and threads.', 'RFC 8474'),
  'STATUS=SIZE': meaning('STATUS can return the mailbox size.', 'RFC 8438'),
  PREVIEW: meaning('FETCH PREVIEW returns a short text preview.', 'RFC 8970'),
  'APPENDLIMIT=': meaning('Largest message APPEND accepts.', 'RFC 7889'),
  APPENDLIMIT: meaning('APPEND limits are given per mailbox.', 'RFC 7889'),
  'LOGIN-REFERRALS': meaning('Login may be referred to another server.', 'RFC 2221'),
  'MAILBOX-REFERRALS': meaning('Mailboxes may be referred to another server.', 'RFC 2193'),
  FILTERS: meaning('Named search filters stored on the server.', 'RFC 5466'),
  'LIST-MYRIGHTS': meaning("LIST can return the user's rights.", 'RFC 8440'),
  REPLACE: meaning('A message can be replaced atomically.', 'RFC 8508'),
  UNAUTHENTICATE: meaning('The session can return to the not-authenticated state.', 'RFC 8437'),
  'SNIPPET=': meaning('Dovecot extension: FETCH SNIPPET returns a text preview.', 'Dovecot'),
  XLIST: meaning("Gmail's pre-standard special-use LIST.", 'Google (obsolete)'),
  'X-GM-EXT-1': meaning('Gmail extensions (labels, thread ids).', 'Google'),
};

/** POP3 capabilities (RFC 2449, section 6, and the IANA "POP3 Extension Mechanism" registry). */
export const POP3_CAPABILITIES: Readonly<Record<string, CapabilityMeaning>> = {
  TOP: meaning('TOP returns the headers and first lines of a message.', 'RFC 2449, section 6.1'),
  USER: meaning('USER and PASS log in with a plaintext password.', 'RFC 2449, section 6.2'),
  SASL: meaning('AUTH with these SASL mechanisms.', 'RFC 2449, section 6.3; RFC 5034'),
  'RESP-CODES': meaning(
    'Error replies carry response codes in square brackets.',
    'RFC 2449, section 6.4',
  ),
  'LOGIN-DELAY': meaning('Least time between two logins.', 'RFC 2449, section 6.5'),
  PIPELINING: meaning(
    'The client may send commands without waiting for each reply.',
    'RFC 2449, section 6.6',
  ),
  EXPIRE: meaning(
    'How long the server keeps messages after they were retrieved.',
    'RFC 2449, section 6.7',
  ),
  UIDL: meaning(
    'UIDL gives each message a unique id that stays across sessions.',
    'RFC 2449, section 6.8',
  ),
  IMPLEMENTATION: meaning('The server software, for information only.', 'RFC 2449, section 6.9'),
  STLS: meaning('The client may upgrade to TLS with STLS (not STARTTLS).', 'RFC 2595, section 4'),
  'AUTH-RESP-CODE': meaning('Failed logins carry the [AUTH] or [SYS/…] response code.', 'RFC 3206'),
  UTF8: meaning('UTF8 switches the session to UTF-8.', 'RFC 6856'),
  LANG: meaning('LANG chooses the language of reply texts.', 'RFC 6856'),
};
