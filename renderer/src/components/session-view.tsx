import { useMemo } from 'react';

import { useFeatures, useSidebarHidden, useTabUi } from '../store/feature-context';
import { useSessionStore, useStoreState } from '../store/store-context';
import {
  availableStarttlsVerb,
  isEngineLost,
  isSessionOpen,
  isUntrusted,
  sessionTitle,
  untrustedShortLabel,
} from '../ui/session-status';
import { tabTitles } from '../ui/tab-titles';
import { CommandInput } from './command-input';
import { ExactBytesInput } from './exact-bytes-input';
import { OutputViewSwitch } from './output-view-switch';
import { RecordView } from './record-view';
import { SessionSidebar } from './session-sidebar';
import { StatusBar } from './status-bar';
import { TerminalPane } from './terminal-pane';
import { TerminalSearch } from './terminal-search';
import { UntrustedCertificate } from './untrusted-certificate';

/** Shows one session: its actions, terminal, command box and status bar. */
export function SessionView({ sessionId }: Readonly<{ sessionId: string }>) {
  const store = useSessionStore();
  const { tabs, layout } = useFeatures();
  const { view } = useTabUi(sessionId);
  const sidebarHidden = useSidebarHidden();
  const sessions = useStoreState((state) => state.sessions);
  const reconnecting = useStoreState((state) => state.reconnecting.has(sessionId));
  const titles = useMemo(() => tabTitles(sessions), [sessions]);
  const snapshot = sessions.find((session) => session.sessionId === sessionId);
  if (snapshot === undefined) {
    return null;
  }

  const verb = availableStarttlsVerb(snapshot);
  const untrusted = isUntrusted(snapshot);
  const canReconnect = snapshot.phase === 'closed' && !isEngineLost(snapshot);
  const reconnect = async (): Promise<void> => {
    const newSessionId = await store.reconnect(sessionId);
    if (newSessionId !== null) {
      tabs.move(sessionId, newSessionId);
    }
  };

  return (
    <section className="session" aria-labelledby={`session-title-${sessionId}`}>
      <div className="session-toolbar">
        <h2 id={`session-title-${sessionId}`} className={untrusted ? 'untrusted' : undefined}>
          {titles.get(sessionId) ?? sessionTitle(snapshot)}
          {untrusted ? (
            <span className="badge badge-warning" title={snapshot.tls?.headline.text}>
              {untrustedShortLabel(snapshot)}
            </span>
          ) : null}
        </h2>
        <div className="session-actions">
          {verb === null ? null : (
            <button
              type="button"
              aria-label={verb === 'STARTTLS' ? undefined : `${verb} (STARTTLS)`}
              title="Upgrade this session to TLS"
              onClick={() => void store.startTls(sessionId)}
            >
              {verb}
            </button>
          )}
          {isSessionOpen(snapshot) ? (
            <button type="button" onClick={() => void store.closeSession(sessionId)}>
              Disconnect
            </button>
          ) : null}
          {canReconnect ? (
            <button
              type="button"
              className="primary"
              disabled={reconnecting}
              aria-busy={reconnecting}
              title="Open a new session with the same settings in this tab"
              onClick={() => void reconnect()}
            >
              Reconnect
            </button>
          ) : null}
          <button type="button" onClick={() => store.showForm()}>
            New connection
          </button>
          <button
            type="button"
            aria-expanded={!sidebarHidden}
            aria-controls={`session-sidebar-${sessionId}`}
            onClick={() => layout.setSidebarHidden(!sidebarHidden)}
          >
            {sidebarHidden ? 'Show sidebar' : 'Hide sidebar'}
          </button>
        </div>
      </div>
      <UntrustedCertificate snapshot={snapshot} />
      <div className={sidebarHidden ? 'session-body sidebar-hidden' : 'session-body'}>
        <div className="session-main">
          <OutputViewSwitch sessionId={sessionId} />
          {view === 'terminal' ? (
            <>
              <TerminalSearch sessionId={sessionId} />
              <TerminalPane sessionId={sessionId} />
            </>
          ) : (
            <RecordView sessionId={sessionId} view={view} />
          )}
          <CommandInput sessionId={sessionId} />
          <ExactBytesInput sessionId={sessionId} />
        </div>
        <SessionSidebar sessionId={sessionId} hidden={sidebarHidden} />
      </div>
      <StatusBar snapshot={snapshot} />
    </section>
  );
}
