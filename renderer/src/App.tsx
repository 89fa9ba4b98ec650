import { CertificateFileView } from './certificates/certificate-file-view';
import { OpenCertificateFile } from './certificates/open-certificate-file';
import { ConnectionForm } from './components/connection-form';
import { EngineBanner } from './components/engine-banner';
import { EnvironmentWarnings } from './components/environment-warnings';
import { SavedConnections } from './components/saved-connections';
import { SessionStrip } from './components/session-strip';
import { SessionView } from './components/session-view';
import { useStoreState } from './store/store-context';

export function App() {
  const view = useStoreState((state) => state.view);
  const activeSessionId = useStoreState((state) => state.activeSessionId);
  const showSession = view === 'session' && activeSessionId !== null;

  return (
    <div className="app">
      <header className="app-header">
        <h1 className="app-title">Mailtap</h1>
        <SessionStrip />
        <OpenCertificateFile />
      </header>
      <EngineBanner />
      <EnvironmentWarnings />
      <main className="app-main">
        {view === 'certificate-file' ? <CertificateFileView /> : null}
        {view !== 'certificate-file' && showSession ? (
          <SessionView key={activeSessionId} sessionId={activeSessionId} />
        ) : null}
        {view !== 'certificate-file' && !showSession ? (
          <div className="form-page">
            <ConnectionForm />
            <SavedConnections />
          </div>
        ) : null}
      </main>
    </div>
  );
}
