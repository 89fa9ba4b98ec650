import {
  makeError,
  type ErrorContext,
  type MailtapError,
  type SessionPhase,
} from '../../shared/errors';
import { describeLineTooLong } from '../../shared/ipc/validate';
import type { TlsSummary } from '../../shared/session';
import { describeUntrusted, openSslCodeSuffix } from './untrusted-certificate';

/** Session facts the input policy reads when the user sends a line. */
export interface InputPolicyState {
  readonly phase: SessionPhase;
  /** A STARTTLS command was sent and its reply or handshake is still outstanding. */
  readonly upgrading: boolean;
  /** The auth helper's exchange is running, and typed lines would interleave with it. */
  readonly authRunning: boolean;
  /**
   * True when the session asked for TLS: STARTTLS or implicit TLS in its options, or a STARTTLS
   * command sent during the session, whatever the server replied.
   */
  readonly tlsRequested: boolean;
  readonly tls: TlsSummary | null;
  /** The leaf fingerprint the user accepted despite an untrusted certificate, or null. */
  readonly acceptedFingerprint: string | null;
  readonly maxInputLineBytes: number;
  /**
   * True when exact bytes may go out before the greeting, to test how a server treats a client
   * that talks first. False while the engine's own STARTTLS dialogue follows the greeting.
   */
  readonly earlyBytesAllowed: boolean;
}

/**
 * Decides whether a line typed by the user may be sent, and returns the error when it may not.
 * `carriesSecret` is true when the protocol driver masks part of the line for display, which is
 * exactly when the line contains a password, a SASL response or an APOP digest. For exact bytes,
 * `text` is empty and `exactByteCount` is their length.
 *
 * A secret never leaves in plaintext on a session that asked for TLS, so a server that refuses
 * or strips STARTTLS cannot make the console send a password in the clear. A secret never goes
 * to a server whose certificate failed verification unless the user accepted that exact
 * certificate by its SHA-256 fingerprint.
 */
export function checkInput(
  state: InputPolicyState,
  text: string,
  carriesSecret: boolean,
  context: ErrorContext,
  exactByteCount: number | null = null,
): MailtapError | null {
  if (state.phase === 'closed') {
    return makeError('SESSION_CLOSED', context);
  }
  if (state.upgrading || state.phase === 'tls-handshake') {
    return makeError('INPUT_HELD_FOR_STARTTLS', context);
  }
  if (state.authRunning) {
    return makeError('AUTH_IN_PROGRESS', context);
  }
  const earlyBytes =
    exactByteCount !== null && state.phase === 'greeting' && state.earlyBytesAllowed;
  if (state.phase !== 'ready' && !earlyBytes) {
    return makeError('INPUT_NOT_READY', { ...context, detail: notReadyDetail(state) });
  }

  if (/[\r\n]/.test(text)) {
    return makeError('INPUT_INVALID', {
      ...context,
      detail: 'A line must not contain CR or LF; send one line at a time.',
    });
  }
  const size = exactByteCount ?? Buffer.byteLength(text, 'utf8');
  if (size > state.maxInputLineBytes) {
    const detail =
      exactByteCount === null
        ? describeLineTooLong(size, state.maxInputLineBytes)
        : `The exact bytes are ${size} bytes long; the maximum is ${state.maxInputLineBytes} bytes. Send them in parts.`;
    return makeError('INPUT_TOO_LONG', { ...context, detail });
  }
  if (!carriesSecret) {
    return null;
  }
  return checkCredential(state, context);
}

function notReadyDetail(state: InputPolicyState): string {
  if (state.phase !== 'greeting') {
    return `The session is still in phase "${state.phase}".`;
  }
  const early = state.earlyBytesAllowed
    ? ' To test that on purpose (Postfix postscreen calls it pregreet), send the line with Send exact bytes.'
    : '';
  return `The server has not sent its greeting yet; many servers drop clients that talk first.${early}`;
}

/**
 * Decides whether a line with a credential may go out now. Lines can wait in the input queue, so

 * the session checks again when it writes one, with the state of that moment.
 */
export function checkCredential(
  state: InputPolicyState,
  context: ErrorContext,
): MailtapError | null {
  const { tls } = state;
  if (tls === null) {
    if (!state.tlsRequested) {
      // The user chose a plaintext session and never asked for TLS: testing AUTH in the clear
      // is their decision, and the status bar shows "no TLS".
      return null;
    }
    return makeError('CREDENTIALS_NEED_TLS', {
      ...context,
      detail: 'STARTTLS did not complete; open a new session to retry, or a plain one on purpose.',
    });
  }
  if (tls.trusted) {
    return null;
  }
  const fingerprint = tls.leafFingerprint256;
  if (fingerprint !== null && state.acceptedFingerprint === fingerprint) {
    return null;
  }
  const next =
    fingerprint === null
      ? 'The server sent no certificate to accept.'
      : `Accept the certificate with SHA-256 fingerprint ${fingerprint} for this session to send it anyway.`;
  return makeError('CREDENTIALS_UNTRUSTED_CERTIFICATE', {
    ...context,
    detail: `${describeUntrusted(tls)}${openSslCodeSuffix(tls)} ${next}`,
  });
}

/** A line that starts an authentication exchange, with or without an IMAP tag before it. */
const AUTHENTICATION_START = /^\s*(?:\S+\s+)?(?:AUTH|AUTHENTICATE|LOGIN|PASS|APOP)(?:\s|$)/i;

/**
 * Returns whether exact bytes contain a line that starts an authentication exchange and more
 * bytes after it. The driver recognises those later lines as credentials only once the first has gone out,
 * so a check before sending must assume they are.
 */
export function exactBytesStartAuthentication(bytes: Uint8Array): boolean {
  const lines = Buffer.from(bytes).toString('latin1').split('\n');
  return lines.some(
    (line, index) =>
      index < lines.length - 1 &&
      lines.slice(index + 1).join('\n') !== '' &&
      AUTHENTICATION_START.test(line),
  );
}
