import { makeError, type MailtapError } from '../../../shared/errors';
import type { SavedConnection } from '../../../shared/connections/connection-types';
import type { AuthStartRequest } from '../../../shared/sasl/types';
import type { SendLineResult, SessionSnapshot } from '../../../shared/session';
import { unbracketHost } from '../connect';
import { ConnectionStoreError, type ConnectionStore } from '../connections/connection-store';
import type { Logger } from '../logger';
import { SessionNotFound, type SessionHub } from '../session-hub';

/** Normalizes a host name for comparison, so that `[::1]` equals `::1` and `MX.Example.` equals `mx.example`. */
function comparableHost(host: string): string {
  return unbracketHost(host.trim()).toLowerCase().replace(/\.$/, '');
}

/**
 * Returns why a session is not the server a connection was saved for, or null when it is. The
 * host and port must both match, so a request that names a saved connection cannot send its
 * password to another server, even from a renderer that lies about where a session came from.
 */
function serverMismatch(
  session: SessionSnapshot,
  connection: SavedConnection,
): MailtapError | null {
  if (
    comparableHost(session.host) === comparableHost(connection.host) &&
    session.port === connection.port
  ) {
    return null;
  }
  return makeError('SAVED_PASSWORD_WRONG_SERVER', {
    host: session.host,
    port: session.port,
    detail: `"${connection.name}" is saved for ${connection.host} port ${connection.port}.`,
  });
}

/**
 * Starts the auth helper's exchange with the request's secret. A typed secret goes to the session
 * as it is. A saved connection's password is decrypted here, in the main process, and passes
 * only to the exchange, which masks it like a typed one, so it never reaches the renderer.
 * Failures to get the password are returned as errors and leave the session as it was.
 */
export async function startAuth(
  hub: SessionHub,
  connections: ConnectionStore | undefined,
  logger: Logger,
  sessionId: string,
  start: AuthStartRequest,
): Promise<SendLineResult> {
  const { secretSource, ...settings } = start;
  if (secretSource.kind === 'typed') {
    return hub.startAuth(sessionId, { ...settings, secret: secretSource.secret });
  }

  // The session's own refusals (untrusted certificate, plaintext, a running exchange) come first,
  // so the stored password is decrypted only for an exchange that can start.
  const session = hub.find(sessionId);
  if (session === undefined) {
    throw new SessionNotFound(sessionId);
  }
  const refusal = session.authStartRefusal();
  if (refusal !== null) {
    return { sent: false, error: refusal };
  }
  if (connections === undefined) {
    const detail = 'This engine was started without saved connections. Type the password instead.';
    return { sent: false, error: makeError('SAVED_PASSWORD_UNREADABLE', { detail }) };
  }

  const { connectionId } = secretSource;
  let stored: Awaited<ReturnType<ConnectionStore['storedPassword']>>;
  try {
    stored = await connections.storedPassword(connectionId);
  } catch (error) {
    if (!(error instanceof ConnectionStoreError)) {
      throw error;
    }
    logger.warn('auth helper could not use a stored password', {
      session: sessionId,
      connection: connectionId,
      code: error.error.code,
    });
    return { sent: false, error: error.error };
  }

  const mismatch = serverMismatch(session.snapshot(), stored.connection);
  if (mismatch !== null) {
    logger.warn('auth helper rejected a stored password for another server', {
      session: sessionId,
      connection: connectionId,
    });
    return { sent: false, error: mismatch };
  }
  logger.info('auth helper uses a stored password', {
    session: sessionId,
    connection: connectionId,
  });
  // The hub checks the session again, because it may have changed while the password was read.
  return hub.startAuth(sessionId, { ...settings, secret: stored.password });
}
