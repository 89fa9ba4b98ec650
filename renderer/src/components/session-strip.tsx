import { useEffect, useMemo, useRef } from 'react';

import { useFeatures } from '../store/feature-context';
import { useSessionStore, useStoreState } from '../store/store-context';
import {
  isSessionOpen,
  isUntrusted,
  phaseLabel,
  sessionTitle,
  untrustedShortLabel,
} from '../ui/session-status';
import { tabTitles } from '../ui/tab-titles';

/**
 * Shows one tab per session, each keeping its own terminal, views and sidebar, plus a tab for a
 * new connection. Closing a tab ends its session in the engine.
 */
export function SessionStrip() {
  const store = useSessionStore();
  const { tabs } = useFeatures();
  const sessions = useStoreState((state) => state.sessions);
  const activeSessionId = useStoreState((state) => state.activeSessionId);
  const view = useStoreState((state) => state.view);
  const titles = useMemo(() => tabTitles(sessions), [sessions]);
  const currentRef = useRef<HTMLDivElement>(null);

  // With many tabs the strip scrolls; the current tab must stay in view after every switch.
  useEffect(() => {
    currentRef.current?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [activeSessionId, view, sessions.length]);

  const closeTab = (sessionId: string): void => {
    tabs.forget(sessionId);
    void store.closeTab(sessionId);
  };

  return (
    <nav className="session-strip" aria-label="Sessions">
      <div role="tablist" aria-label="Sessions" className="session-tabs">
        {sessions.map((session) => {
          const title = titles.get(session.sessionId) ?? sessionTitle(session);
          const current = view === 'session' && session.sessionId === activeSessionId;
          const classes = [
            'session-chip',
            current ? 'current' : '',
            isUntrusted(session) ? 'untrusted' : '',
            isSessionOpen(session) ? '' : 'closed',
          ].join(' ');
          return (
            <div key={session.sessionId} className={classes} ref={current ? currentRef : undefined}>
              {/* The phase is a description, not part of the name, so that "Connected" never
                  matches a search for the form's Connect button. */}
              <button
                type="button"
                role="tab"
                className="session-chip-select"
                aria-selected={current}
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
              <button
                type="button"
                className="session-chip-remove"
                aria-label={`Close ${title}`}
                title={isSessionOpen(session) ? 'Disconnect and close this tab' : 'Close this tab'}
                onClick={() => closeTab(session.sessionId)}
              >
                ×
              </button>
            </div>
          );
        })}
        <button
          type="button"
          role="tab"
          className="session-chip-new"
          aria-selected={view === 'form'}
          onClick={() => store.showForm()}
        >
          + New connection
        </button>
      </div>
    </nav>
  );
}
