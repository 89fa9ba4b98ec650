import { encodeBase64 } from '../encoding/base64';
import { SECRET_MASK } from '../protocol/secrets';
import { readAuthOffer } from './advertised';
import { saslCommand, type AuthProtocol } from './framing';
import { imapLoginLines } from './imap-login';
import {
  loginValue,
  oauthbearerMessage,
  plainMessage,
  xoauth2Message,
  type EncodedMessage,
} from './messages';
import type { AuthRequest, SaslMechanism } from './types';

/** The session the auth helper sends its lines to, with the capabilities it advertised. */
export interface AuthTarget {
  readonly protocol: AuthProtocol;
  readonly host: string;
  readonly port: number;
  /** The capabilities last advertised, or null when none were seen in this phase. */
  readonly keywords: readonly string[] | null;
  readonly underTls: boolean;
}

/** One line the helper will send: its masked form and when it goes out. */
export interface PlannedLine {
  readonly display: string;
  /** When the line goes out, e.g. `after the server's 334 challenge`; empty for the first. */
  readonly when: string;
}

/** A base64 string the user can copy; its value is a secret and is never shown on screen. */
export interface CopyValue {
  readonly label: string;
  readonly base64: string;
}

export type AuthPlan =
  | {
      readonly ok: true;
      readonly lines: readonly PlannedLine[];
      readonly copyValues: readonly CopyValue[];
      readonly warnings: readonly string[];
    }
  | { readonly ok: false; readonly problem: string; readonly warnings: readonly string[] };

/** Mechanisms whose first message goes from the client; the others start with a challenge. */
const CLIENT_FIRST: ReadonlySet<SaslMechanism> = new Set([
  'PLAIN',
  'LOGIN',
  'XOAUTH2',
  'OAUTHBEARER',
  'SCRAM-SHA-1',
  'SCRAM-SHA-256',
]);

/** Mechanisms whose client messages are built from a server challenge or nonce. */
const NEEDS_CHALLENGE = /^(CRAM-MD5|SCRAM-)/;

/** Returns whether a mechanism can send an initial response with the command. */

export function hasInitialResponse(mechanism: SaslMechanism): boolean {
  return CLIENT_FIRST.has(mechanism);
}

/**
 * Builds the first client message of the mechanisms that need no server data: PLAIN, the LOGIN
 * user name, XOAUTH2 and OAUTHBEARER. Returns null for CRAM-MD5 and SCRAM, whose messages need
 * a challenge or a fresh nonce.
 */
export function staticInitialMessage(
  request: AuthRequest,
  target: Pick<AuthTarget, 'host' | 'port'>,
): EncodedMessage | null {
  switch (request.mechanism) {
    case 'PLAIN':
      return plainMessage(request.authzid, request.username, request.secret);
    case 'LOGIN':
      return loginValue('user name', request.username, request.loginCharset);
    case 'XOAUTH2':
      return xoauth2Message(request.username, request.secret);
    case 'OAUTHBEARER':
      return oauthbearerMessage(request.username, request.secret, target.host, target.port);
    default:
      return null;
  }
}

function challengeName(protocol: AuthProtocol): string {
  return protocol === 'smtp' ? '334' : '+';
}

function warningsFor(request: AuthRequest, target: AuthTarget): string[] {
  const warnings: string[] = [];
  if (!target.underTls && request.mechanism !== 'XOAUTH2' && request.mechanism !== 'OAUTHBEARER') {
    const cleartext =
      request.method !== 'pop3-apop' &&
      !(request.method === 'sasl' && request.mechanism.match(/^(CRAM|SCRAM)/) !== null);
    warnings.push(
      cleartext
        ? 'This session is not encrypted: the password would cross the network in clear text (base64 is no protection).'
        : 'This session is not encrypted: the password is not sent in clear, but the exchange can be recorded and guessed offline.',
    );
  } else if (!target.underTls) {
    warnings.push('This session is not encrypted: anyone on the path could reuse the token.');
  }
  if (target.keywords === null) {
    return warnings;
  }
  const offer = readAuthOffer(target.protocol, target.keywords);
  if (request.method === 'imap-login' && offer.loginDisabled) {
    warnings.push(
      'The server advertises LOGINDISABLED: it will refuse LOGIN, and may say the password was exposed. Run STARTTLS first.',
    );
  }
  if (request.method === 'sasl' && !offer.mechanisms.includes(request.mechanism)) {
    const offered = offer.mechanisms.length === 0 ? 'none' : offer.mechanisms.join(' ');
    warnings.push(`The server does not advertise ${request.mechanism} (advertised: ${offered}).`);
  }
  if (
    request.method === 'sasl' &&
    target.protocol === 'imap' &&
    request.initialResponse &&
    !offer.saslIr
  ) {
    warnings.push(
      'The server does not advertise SASL-IR, so it may reject an initial response in AUTHENTICATE.',
    );
  }
  if (request.method === 'pop3-user' && !offer.userCommand) {
    warnings.push('The server does not list USER in CAPA, so it may refuse USER and PASS.');
  }
  return warnings;
}

function planSasl(request: AuthRequest, target: AuthTarget): AuthPlan & { ok: true } {
  const { protocol } = target;
  const mechanism = request.mechanism;
  const initial = request.initialResponse && hasInitialResponse(mechanism);
  const start = saslCommand(protocol, mechanism, null, request.tag).display;
  const challenge = challengeName(protocol);
  const lines: PlannedLine[] = [{ display: initial ? `${start} ${SECRET_MASK}` : start, when: '' }];
  const response = (when: string): void => {
    lines.push({ display: SECRET_MASK, when });
  };

  if (!initial && hasInitialResponse(mechanism)) {
    response(`after the server's first ${challenge} challenge (the initial message)`);
  }
  switch (mechanism) {
    case 'LOGIN':
      response(`after ${challenge} "Password:" (the password)`);
      break;
    case 'CRAM-MD5':
      response(`after ${challenge} with the challenge: the user name and the HMAC-MD5 digest`);
      break;
    case 'XOAUTH2':
      lines.push({
        display: '',
        when: `only if the server answers ${challenge} with an error: an empty line`,
      });
      break;
    case 'OAUTHBEARER':
      response(`only if the server answers ${challenge} with an error: ^A, to end the exchange`);
      break;
    case 'SCRAM-SHA-1':
    case 'SCRAM-SHA-256':
      response(`after the server-first ${challenge}: the client-final message with the proof`);
      lines.push({ display: '', when: "after the server's signature is verified: an empty line" });
      break;
    default:
      break;
  }
  return { ok: true, lines, copyValues: [], warnings: [] };
}

function copyValuesFor(request: AuthRequest, target: AuthTarget): CopyValue[] | string {
  if (request.method !== 'sasl') {
    return [];
  }
  const message = staticInitialMessage(request, target);
  if (message === null) {
    return [];
  }
  if (!message.ok) {
    return message.problem;
  }
  if (request.mechanism !== 'LOGIN') {
    return [{ label: `${request.mechanism} message`, base64: encodeBase64(message.bytes) }];
  }
  const password = loginValue('password', request.secret, request.loginCharset);
  if (!password.ok) {
    return password.problem;
  }
  return [
    { label: 'User name', base64: encodeBase64(message.bytes) },
    { label: 'Password', base64: encodeBase64(password.bytes) },
  ];
}

/**
 * Plans what the auth helper will send for a request: each line masked, the base64 strings that
 * can be copied, and warnings about the session. It is the preview the sidebar shows before the
 * engine runs the exchange with the same encoders.
 */
export function planAuth(request: AuthRequest, target: AuthTarget): AuthPlan {
  const warnings = warningsFor(request, target);
  const copyValues = copyValuesFor(request, target);
  if (typeof copyValues === 'string') {
    return { ok: false, problem: copyValues, warnings };
  }
  // CRAM-MD5 and SCRAM messages need the server's challenge, so copyValuesFor built nothing to
  // check. The user name is checked here, as the engine checks it before sending.

  if (request.method === 'sasl' && NEEDS_CHALLENGE.test(request.mechanism) && !request.username) {
    return {
      ok: false,
      problem: `The user name is empty; ${request.mechanism} requires one.`,
      warnings,
    };
  }

  switch (request.method) {
    case 'sasl':
      return { ...planSasl(request, target), copyValues, warnings };
    case 'imap-login': {
      const offer = readAuthOffer('imap', target.keywords ?? []);
      const login = imapLoginLines(request.tag, request.username, request.secret, {
        plus: offer.literalPlus,
        minus: offer.literalMinus,
      });
      if (!login.ok) {
        return { ok: false, problem: login.problem, warnings };
      }
      const lines = login.lines.map((line, index) => ({
        display: line.display,
        when:
          index > 0 && login.lines[index - 1]!.awaitsContinuation
            ? "after the server's + go-ahead"
            : '',
      }));
      return { ok: true, lines, copyValues, warnings };
    }
    case 'pop3-user':
      return {
        ok: true,
        lines: [
          { display: `USER ${request.username}`, when: '' },
          { display: `PASS ${SECRET_MASK}`, when: 'after +OK' },
        ],
        copyValues,
        warnings,
      };
    case 'pop3-apop':
      return {
        ok: true,
        lines: [
          {
            display: `APOP ${request.username} ${SECRET_MASK}`,
            when: "the MD5 digest of the greeting's timestamp and the password",
          },
        ],
        copyValues,
        warnings,
      };
  }
}
