import type { CodeMeaning } from './types';

/** POP3 status indicators (RFC 1939, section 3; RFC 5034 for the SASL `+`). */
export const POP3_STATUS: Readonly<Record<string, CodeMeaning>> = {
  '+OK': {
    title: 'Success',
    detail:
      'The command succeeded. After CAPA, LIST, UIDL, RETR and TOP the response continues over several lines and ends with a line holding a single dot.',
    source: 'RFC 1939, section 3',
  },
  '-ERR': {
    title: 'Failure',
    detail: 'The command failed; the text may carry a response code in square brackets.',
    source: 'RFC 1939, section 3',
  },
  '+': {
    title: 'Server challenge (AUTH)',
    detail: 'The server waits for the next base64 line of the SASL exchange, or "*" to cancel.',
    source: 'RFC 5034, section 4',
  },
};

/**
 * Extended response codes in square brackets after `+OK` or `-ERR` (RFC 2449, section 8; RFC 3206;
 * RFC 6856), as the IANA "POP3 Extension Mechanism" registry lists them.
 */
export const POP3_RESPONSE_CODES: Readonly<Record<string, CodeMeaning>> = {
  'IN-USE': {
    title: 'Mailbox in use',
    detail:
      'Another POP3 session holds the lock on this mailbox; close it (or wait for it to time out) and try again. The password was right.',
    source: 'RFC 2449, section 8.1.1',
  },
  'LOGIN-DELAY': {
    title: 'Logging in too often',
    detail:
      'The user must wait longer between logins (see LOGIN-DELAY in CAPA). The password was right.',
    source: 'RFC 2449, section 8.1.2',
  },
  SYS: {
    title: 'System error',
    detail: 'A problem on the server side, not wrong credentials.',
    source: 'RFC 3206, section 4',
  },
  'SYS/TEMP': {
    title: 'Temporary system error',
    detail: 'A temporary server problem, not wrong credentials; try again later.',
    source: 'RFC 3206, section 4',
  },
  'SYS/PERM': {
    title: 'Permanent system error',
    detail: 'A server problem that needs its administrator; retrying will not help.',
    source: 'RFC 3206, section 4',
  },
  AUTH: {
    title: 'Credentials rejected',
    detail: 'The user name or password (or the SASL exchange) is wrong.',
    source: 'RFC 3206, section 5',
  },
  UTF8: {
    title: 'UTF-8 mode needed',
    detail: 'The message cannot be shown without the UTF8 command.',
    source: 'RFC 6856, section 2',
  },
};
