import type { CodeMeaning } from './types';

/**
 * IMAP status words (RFC 9051, section 7.1) and response codes: those of RFC 9051 and RFC 3501,
 * section 7.1, and those RFC 5530 collected, with the other entries of the IANA "IMAP Response
 * Codes" registry (https://www.iana.org/assignments/imap-response-codes).
 */
export const IMAP_STATUS_WORDS: Readonly<Record<string, CodeMeaning>> = {
  OK: {
    title: 'Success',
    detail: 'Tagged: the command with this tag completed. Untagged: information, or the greeting.',
    source: 'RFC 9051, section 7.1.1',
  },
  NO: {
    title: 'Refused',
    detail:
      'The command was understood and is valid, but the server refused or failed it (wrong password, no such mailbox, no permission).',
    source: 'RFC 9051, section 7.1.2',
  },
  BAD: {
    title: 'Protocol error',
    detail:
      'The server could not parse the command: unknown command, missing tag, wrong arguments or bad quoting. A password with spaces or quotes must be sent as a quoted string or a literal.',
    source: 'RFC 9051, section 7.1.3',
  },
  PREAUTH: {
    title: 'Already authenticated greeting',
    detail:
      'The connection starts logged in, so no LOGIN is needed and STARTTLS is no longer possible.',
    source: 'RFC 9051, section 7.1.4',
  },
  BYE: {
    title: 'Server is closing the connection',
    detail: 'Sent before LOGOUT completes, at an idle timeout, or when the server refuses service.',
    source: 'RFC 9051, section 7.1.5',
  },
};

function code(title: string, detail: string, source: string): CodeMeaning {
  return { title, detail, source };
}

export const IMAP_RESPONSE_CODES: Readonly<Record<string, CodeMeaning>> = {
  ALERT: code(
    'Alert for the user',
    'The server wants a person to read this text; clients must show it.',
    'RFC 9051, section 7.1',
  ),
  BADCHARSET: code(
    'Charset not supported',
    'SEARCH used a charset the server does not support; the code may list the supported ones.',
    'RFC 9051, section 7.1',
  ),
  CAPABILITY: code(
    'Capability list',
    'The server lists its capabilities here, so the client need not send CAPABILITY.',
    'RFC 9051, section 7.1',
  ),
  PARSE: code(
    'Message parse error',
    'The server could not parse a message header in the mailbox.',
    'RFC 9051, section 7.1',
  ),
  PERMANENTFLAGS: code(
    'Flags that can be changed permanently',
    'The flags the client may store; \\* means new keywords may be created.',
    'RFC 9051, section 7.1',
  ),
  'READ-ONLY': code(
    'Mailbox is read-only',
    'The mailbox was selected read-only (EXAMINE, or no write permission).',
    'RFC 9051, section 7.1',
  ),
  'READ-WRITE': code(
    'Mailbox is read-write',
    'Changes to the mailbox are allowed.',
    'RFC 9051, section 7.1',
  ),
  TRYCREATE: code(
    'Target mailbox does not exist',
    'APPEND, COPY or MOVE failed because the mailbox is missing; create it and try again.',
    'RFC 9051, section 7.1',
  ),
  UIDNEXT: code('Next UID', 'The UID the next message will get.', 'RFC 9051, section 7.1'),
  UIDVALIDITY: code(
    'UID validity value',
    'If this number changes, all UIDs a client cached for the mailbox are invalid.',
    'RFC 9051, section 7.1',
  ),
  UNSEEN: code(
    'First unseen message',
    'The number of the first message without \\Seen.',
    'RFC 3501, section 7.1',
  ),
  'UNKNOWN-CTE': code(
    'Unknown content transfer encoding',
    'The server cannot decode this part for BINARY.',
    'RFC 3516; RFC 9051, section 7.1',
  ),
  UIDNOTSTICKY: code(
    'UIDs are not persistent',
    'This mailbox does not keep UIDs between sessions.',
    'RFC 4315; RFC 9051, section 7.1',
  ),
  APPENDUID: code(
    'UID of the appended message',
    'The UID validity and UID the new message got.',
    'RFC 4315; RFC 9051, section 7.1',
  ),
  COPYUID: code(
    'UIDs of copied messages',
    'The source and new UIDs of messages copied or moved.',
    'RFC 4315; RFC 9051, section 7.1',
  ),
  CLOSED: code(
    'Previous mailbox closed',
    'Sent when a new SELECT or EXAMINE closes the mailbox selected before.',
    'RFC 7162; RFC 9051, section 7.1',
  ),
  HIGHESTMODSEQ: code(
    'Highest mod-sequence',
    'The highest mod-sequence of the mailbox (CONDSTORE).',
    'RFC 7162',
  ),
  NOMODSEQ: code(
    'No mod-sequences',
    'The mailbox does not support persistent mod-sequences.',
    'RFC 7162',
  ),
  MODIFIED: code(
    'Conditional store failed',
    'These messages changed since the given mod-sequence and were not updated.',
    'RFC 7162',
  ),
  REFERRAL: code('Referral', 'The server points to another server for this request.', 'RFC 2221'),
  URLMECH: code('URLAUTH mechanisms', 'The URLAUTH mechanisms the server supports.', 'RFC 4467'),
  TOOBIG: code('Message too big', 'The message is too large for CATENATE or APPEND.', 'RFC 4469'),
  BADURL: code('Bad URL', 'A URL in CATENATE could not be resolved.', 'RFC 4469'),
  COMPRESSIONACTIVE: code(
    'Compression already active',
    'COMPRESS was refused because the connection is already compressed.',
    'RFC 4978',
  ),
  NOTSAVED: code(
    'Search not saved',
    'The saved search result ($) is empty because SEARCH failed.',
    'RFC 5182',
  ),
  BADCOMPARATOR: code(
    'Unknown comparator',
    'The requested collation is not supported.',
    'RFC 5255',
  ),
  NOTIFICATIONOVERFLOW: code(
    'Too many notifications',
    'The server stopped sending NOTIFY events; the client must resynchronise.',
    'RFC 5465',
  ),
  BADEVENT: code('Unsupported event', 'A NOTIFY event is not supported.', 'RFC 5465'),
  METADATA: code(
    'Metadata limit',
    'A METADATA limit was hit (size, count or support).',
    'RFC 5464',
  ),
  UNAVAILABLE: code(
    'Temporary failure',
    'A subsystem the server needs is down (for example the authentication backend); try again later.',
    'RFC 5530, section 3',
  ),
  AUTHENTICATIONFAILED: code(
    'Authentication failed',
    'Wrong user name or password, or a badly encoded AUTHENTICATE string.',
    'RFC 5530, section 3',
  ),
  AUTHORIZATIONFAILED: code(
    'Authorization failed',
    'The credentials are right but may not act as the requested authorization identity.',
    'RFC 5530, section 3',
  ),
  EXPIRED: code(
    'Credentials expired',
    'The password or account has expired.',
    'RFC 5530, section 3',
  ),
  PRIVACYREQUIRED: code(
    'Encryption required',
    'The operation is refused on an unencrypted connection: run STARTTLS (or use port 993) first. A password already sent here went in clear.',
    'RFC 5530, section 3',
  ),
  CONTACTADMIN: code(
    'Contact the administrator',
    'The user should ask the server administrator; the account may need attention.',
    'RFC 5530, section 3',
  ),
  NOPERM: code(
    'No permission',
    'The access control list does not allow this.',
    'RFC 5530, section 3',
  ),
  INUSE: code(
    'Resource in use',
    'Another session holds a lock on what the command needs; try again later.',
    'RFC 5530, section 3',
  ),
  EXPUNGEISSUED: code(
    'Messages were expunged',
    'Another session expunged messages this command referred to.',
    'RFC 5530, section 3',
  ),
  CORRUPTION: code(
    'Server data corrupt',
    'The server found corrupt data it cannot fix by itself.',
    'RFC 5530, section 3',
  ),
  SERVERBUG: code(
    'Server bug',
    'The server hit an internal error; report it to its administrator.',
    'RFC 5530, section 3',
  ),
  CLIENTBUG: code(
    'Client bug',
    'The command was valid but made no sense here; the server suspects a client error.',
    'RFC 5530, section 3',
  ),
  CANNOT: code(
    'Not possible',
    'The operation violates an invariant of the server and never succeeds.',
    'RFC 5530, section 3',
  ),
  LIMIT: code(
    'Limit reached',
    'A server limit was hit (too many mailboxes, messages, connections).',
    'RFC 5530, section 3',
  ),
  OVERQUOTA: code(
    'Over quota',
    'The user or mailbox is over its storage quota.',
    'RFC 5530, section 3',
  ),
  ALREADYEXISTS: code(
    'Already exists',
    'The mailbox or object to create exists already.',
    'RFC 5530, section 3',
  ),
  NONEXISTENT: code(
    'Does not exist',
    'The mailbox or object does not exist.',
    'RFC 5530, section 3',
  ),
};
