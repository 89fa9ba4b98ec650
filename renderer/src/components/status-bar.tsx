import type { SessionSnapshot } from '../../../shared/session';
import { describeSessionEnd, describeTls, formatEndpoint, phaseLabel } from '../ui/session-status';

/** Shows the session's phase, endpoint and TLS facts, and once it closed, why it ended. */
export function StatusBar({ snapshot }: Readonly<{ snapshot: SessionSnapshot }>) {
  const { tls } = snapshot;
  const end = describeSessionEnd(snapshot);

  return (
    <div role="status" className="status-bar">
      <span className={`status-phase phase-${snapshot.phase}`}>{phaseLabel(snapshot)}</span>
      <span className="status-item">{formatEndpoint(snapshot.host, snapshot.port)}</span>
      {snapshot.remoteAddress === null ? null : (
        <span className="status-item">address {snapshot.remoteAddress}</span>
      )}
      {tls === null ? (
        <span className="status-item status-plaintext">no TLS</span>
      ) : (
        <span
          className={`status-item ${tls.trusted ? 'status-verified' : 'status-untrusted'}`}
          title={describeTls(tls)}
        >
          {describeTls(tls)}
        </span>
      )}
      {end === null ? null : (
        <span
          className={`status-item ${snapshot.error === null ? 'status-end' : 'status-failure'}`}
          title={end}
        >
          {end}
        </span>
      )}
    </div>
  );
}
