import { useEffect } from 'react';

import type { SidebarPanelProps } from '../sidebar/panels';
import { useSessionStore, useStoreState } from '../store/store-context';
import { ChainInspector } from './chain-inspector';

/** Shows the chain inspector of the session's TLS handshake in a sidebar tab. */
export function CertificatesPanel({ sessionId }: SidebarPanelProps) {
  const store = useSessionStore();
  const tls = useStoreState(
    (state) => state.sessions.find((session) => session.sessionId === sessionId)?.tls ?? null,
  );
  const entry = useStoreState((state) => state.certificates.get(sessionId));
  const hasTls = tls !== null;

  useEffect(() => {
    if (hasTls) {
      void store.loadCertificates(sessionId);
    }
  }, [store, sessionId, hasTls]);

  if (tls === null) {
    return (
      <p className="facts-empty">
        No TLS yet: the chain appears here after the handshake (implicit TLS or STARTTLS).
      </p>
    );
  }
  if (entry?.report != null) {
    return <ChainInspector report={entry.report} tls={tls} />;
  }
  if (entry?.error != null) {
    return (
      <p className="facts-warning">The certificate analysis could not be loaded: {entry.error}</p>
    );
  }
  return <p className="facts-empty">Loading the certificate analysis…</p>;
}
