import { useSessionStore, useStoreState } from '../store/store-context';
import { ChainInspector } from './chain-inspector';
import { FileCheckForm } from './file-check-form';

/** Shows a certificate file opened without a connection in the main area. */
export function CertificateFileView() {
  const store = useSessionStore();
  const file = useStoreState((state) => state.certificateFile);

  return (
    <section className="certificate-file-view" aria-labelledby="certificate-file-title">
      <div className="session-toolbar">
        <h2 id="certificate-file-title">Certificate file {file?.fileName ?? ''}</h2>
        <div className="session-actions">
          <button type="button" onClick={() => store.closeCertificateFile()}>
            Close file
          </button>
        </div>
      </div>
      <div className="certificate-file-body">
        {file?.bytes != null ? <FileCheckForm key={file.fileName} file={file} /> : null}
        {file?.report != null ? <ChainInspector report={file.report} tls={null} /> : null}
        {file?.error != null ? <p className="facts-warning">{file.error}</p> : null}
        {file !== null && file.report === null && file.error === null ? (
          <p className="facts-empty">Reading the file…</p>
        ) : null}
      </div>
    </section>
  );
}
