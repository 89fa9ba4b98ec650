import type { OutgoingLine } from '../../../shared/sasl/framing';
import { readAuthOffer } from '../../../shared/sasl/advertised';
import { imapLoginLines } from '../../../shared/sasl/imap-login';
import { apopTimestamp } from '../../../shared/sasl/messages';
import type { AuthTarget } from '../../../shared/sasl/plan';
import type { AuthRequest } from '../../../shared/sasl/types';
import { SECRET_MASK } from '../../../shared/protocol/secrets';
import { apopDigest } from './sasl-crypto';

/** One line of a login that is not SASL, and what must come back before the next one. */
export interface CommandStep {
  readonly line: OutgoingLine;
  /**
   * - `continuation`: an IMAP `+` go-ahead for a literal;
   * - `success`: a positive reply (POP3 `+OK` to USER);
   * - `none`: nothing, the next line goes out at once (non-synchronising literal);
   * - `final`: the reply that ends the login.
   */
  readonly waitFor: 'continuation' | 'success' | 'none' | 'final';
}

export type CommandSteps =
  | { readonly ok: true; readonly steps: readonly CommandStep[] }
  | { readonly ok: false; readonly problem: string };

function imapLoginSteps(request: AuthRequest, target: AuthTarget): CommandSteps {
  const offer = readAuthOffer('imap', target.keywords ?? []);
  const login = imapLoginLines(request.tag, request.username, request.secret, {
    plus: offer.literalPlus,
    minus: offer.literalMinus,
  });
  if (!login.ok) {
    return login;
  }
  const steps = login.lines.map((line, index): CommandStep => {
    const last = index === login.lines.length - 1;
    let waitFor: CommandStep['waitFor'] = 'none';
    if (last) {
      waitFor = 'final';
    } else if (line.awaitsContinuation) {
      waitFor = 'continuation';
    }
    return { line: { text: line.text, display: line.display }, waitFor };
  });
  return { ok: true, steps };
}

function checkCommandArgument(field: string, value: string): string | null {
  if (value === '') {
    return `The ${field} is empty.`;
  }
  return /[\0\r\n]/.test(value)
    ? `The ${field} contains NUL, CR or LF, which cannot be sent on a POP3 command line.`
    : null;
}

/**
 * Builds the lines of the logins that are plain commands: IMAP LOGIN, POP3 USER and PASS, and
 * POP3 APOP, whose digest needs the timestamp of the greeting.
 */
export function commandSteps(
  request: AuthRequest,
  target: AuthTarget,
  greeting: string | null,
): CommandSteps {
  if (request.method === 'imap-login') {
    return imapLoginSteps(request, target);
  }
  const problem =
    checkCommandArgument('user name', request.username) ??
    checkCommandArgument('password', request.secret);
  if (problem !== null) {
    return { ok: false, problem };
  }
  if (request.method === 'pop3-user') {
    return {
      ok: true,
      steps: [
        {
          line: { text: `USER ${request.username}`, display: `USER ${request.username}` },
          waitFor: 'success',
        },
        {
          line: { text: `PASS ${request.secret}`, display: `PASS ${SECRET_MASK}` },
          waitFor: 'final',
        },
      ],
    };
  }
  const timestamp = greeting === null ? null : apopTimestamp(greeting);
  if (timestamp === null) {
    return {
      ok: false,
      problem: 'The greeting has no <…@…> timestamp, so this server does not offer APOP.',
    };
  }
  const digest = apopDigest(timestamp, request.secret);
  return {
    ok: true,
    steps: [
      {
        line: {
          text: `APOP ${request.username} ${digest}`,
          display: `APOP ${request.username} ${SECRET_MASK}`,
        },
        waitFor: 'final',
      },
    ],
  };
}
