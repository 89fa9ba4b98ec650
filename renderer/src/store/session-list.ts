import { makeError } from '../../../shared/errors';
import type { SessionSnapshot } from '../../../shared/session';

/**
 * Puts `snapshot` where the session `replacedId` was, for Reconnect, so the new session keeps
 * the tab's place. An entry of the new session elsewhere in the list is removed.
 */
export function replaceSession(
  sessions: readonly SessionSnapshot[],
  replacedId: string,
  snapshot: SessionSnapshot,
): SessionSnapshot[] {
  const others = sessions.filter((session) => session.sessionId !== snapshot.sessionId);
  const index = others.findIndex((session) => session.sessionId === replacedId);
  if (index < 0) {
    return [...others, snapshot];
  }
  const replaced = [...others];
  replaced[index] = snapshot;
  return replaced;
}

/**
 * Marks every session that was not closed yet as closed with ENGINE_LOST, because the engine
 * that ran it can no longer be reached and will send no more state.
 */
export function markEngineLost(
  sessions: readonly SessionSnapshot[],
  detail: string | null,
): SessionSnapshot[] {
  return sessions.map((session) => {
    if (session.phase === 'closed') {
      return session;
    }
    const error = makeError('ENGINE_LOST', {
      host: session.host,
      port: session.port,
      phase: session.phase,
      ...(detail === null ? {} : { detail: `The WebSocket closed with ${detail}.` }),
    });
    return { ...session, phase: 'closed', upgrading: false, error, closeReason: null };
  });
}
