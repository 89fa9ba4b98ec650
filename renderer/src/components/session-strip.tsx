import { useSessionStore, useStoreState } from '../store/store-context';
import {
  isSessionOpen,
  isUntrusted,
  phaseLabel,
  sessionTitle,
  untrustedShortLabel,
} from '../ui/session-status';

/** Lists the sessions for switching between them. Closed ones can be removed. */
export function SessionStrip() {
  const store = useSessionStore();
  const sessions = useStoreState((state) => state.sessions);
  const activeSessionId = useStoreState((state) => state.activeSessionId);
  const view = useStoreState((state) => state.view);

  if (sessions.length === 0) {
    return null;
  }

  return (
    <nav className="session-strip" aria-label="Sessions">
      <ul>
        {sessions.map((session) => {
          const title = sessionTitle(session);
          const current = view === 'session' && session.sessionId === activeSessionId;
          const classes = [
            'session-chip',
            current ? 'current' : '',
            isUntrusted(session) ? 'untrusted' : '',
            isSessionOpen(session) ? '' : 'closed',
          ].join(' ');
          return (
            <li key={session.sessionId} className={classes}>
              {/* The phase is a description, not part of the name, so that "Connected" never
                  matches a search for the form's Connect button. */}
              <button
                type="button"
                className="session-chip-select"
                aria-current={current ? 'page' : undefined}
                aria-label={title}
                aria-describedby={`session-chip-phase-${session.sessionId}`}
                title={isUntrusted(session) ? session.tls?.headline.text : undefined}
                onClick={() => store.selectSession(session.sessionId)}
              >
                <span className="session-chip-title">{title}</span>
                <span id={`session-chip-phase-${session.sessionId}`} className="session-chip-phase">
                  {isUntrusted(session) ? `${untrustedShortLabel(session)} · ` : ''}
                  {phaseLabel(session)}
                </span>
              </button>
              {isSessionOpen(session) ? null : (
                <button
                  type="button"
                  className="session-chip-remove"
                  aria-label={`Remove ${title}`}
                  title="Remove this closed session"
                  onClick={() => store.dismissSession(session.sessionId)}
                >
                  ×
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
