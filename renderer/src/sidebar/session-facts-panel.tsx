import { latin1Bytes } from '../../../shared/bytes/byte-arrays';
import { escapeCodePoint } from '../../../shared/display/escape';
import { useStoreState } from '../store/store-context';
import { trustLabel } from '../ui/session-status';
import type { SidebarPanelProps } from './panels';

/** The connection's facts: address, TLS parameters and the capabilities last advertised. */
export function SessionFactsPanel({ sessionId }: SidebarPanelProps) {
  const snapshot = useStoreState((state) =>
    state.sessions.find((session) => session.sessionId === sessionId),
  );
  if (snapshot === undefined) {
    return null;
  }
  const { tls, capabilities } = snapshot;
  const lastReply = snapshot.input?.lastReply ?? null;

  return (
    <div className="facts">
      <h3>Connection</h3>
      <dl>
        <dt>Server</dt>
        <dd>
          {snapshot.host}:{snapshot.port}
        </dd>
        <dt>Address</dt>
        <dd>{snapshot.remoteAddress ?? '—'}</dd>
        <dt>Last reply</dt>
        <dd className="facts-reply">
          {lastReply === null
            ? '—'
            : `${lastReply.command === null ? '' : `${lastReply.command} → `}${visibleText(lastReply.line)}`}
        </dd>
      </dl>

      <h3>TLS</h3>
      {tls === null ? (
        <p className="facts-empty">Not encrypted.</p>
      ) : (
        <dl>
          <dt>Version</dt>
          <dd>{tls.version}</dd>
          <dt>Cipher</dt>
          <dd>{tls.cipher}</dd>
          <dt>Key exchange</dt>
          <dd>{tls.keyExchange ?? '—'}</dd>
          <dt>SNI sent</dt>
          <dd>{tls.sniSent ?? 'none'}</dd>
          <dt>Certificate</dt>
          <dd className={tls.trusted ? 'facts-ok' : 'facts-warning'}>
            {tls.trusted ? `verified for ${tls.verifyName}` : trustLabel(tls)}
          </dd>
        </dl>
      )}

      <h3>Capabilities{capabilities?.underTls ? ' (under TLS)' : ''}</h3>
      {capabilities === null ? (
        <p className="facts-empty">None seen yet in this phase of the session.</p>
      ) : (
        <ul className="facts-list">
          {capabilities.keywords.map((keyword) => (
            <li key={keyword}>{keyword}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * Returns a reply line, kept by the engine as one character per byte, as UTF-8 text with control
 * characters written as escapes, so that no server byte acts on the page's text.
 */
function visibleText(binary: string): string {
  const text = new TextDecoder().decode(latin1Bytes(binary));
  return Array.from(text, (char) => escapeCodePoint(char.codePointAt(0)!) ?? char).join('');
}
