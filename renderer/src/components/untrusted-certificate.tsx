import type { SessionSnapshot } from '../../../shared/session';
import { useSessionStore } from '../store/store-context';

/**
 * Says why the session's certificate is not trusted and that credentials are blocked, and lets
 * the user allow them for this exact certificate, named by its SHA-256 fingerprint.
 */
export function UntrustedCertificate({ snapshot }: Readonly<{ snapshot: SessionSnapshot }>) {
  const store = useSessionStore();
  const { tls } = snapshot;
  if (tls === null || tls.trusted || tls.leafFingerprint256 === null) {
    return null;
  }
  const fingerprint = tls.leafFingerprint256;
  const reasons = [tls.chainError, tls.nameError].filter((reason) => reason !== null).join('; ');

  if (snapshot.acceptedFingerprint === fingerprint) {
    return (
      <div className="banner banner-info" role="note">
        You allowed credentials for the certificate with SHA-256 fingerprint{' '}
        <code>{fingerprint}</code> in this session.
      </div>
    );
  }
  return (
    <div className="banner banner-error" role="note" aria-label="Untrusted certificate">
      <p>The certificate is not trusted ({reasons}), so lines with credentials are not sent.</p>
      <div className="banner-row">
        <p>
          SHA-256 fingerprint: <code>{fingerprint}</code>
        </p>
        <button
          type="button"
          onClick={() => void store.acceptCertificate(snapshot.sessionId, fingerprint)}
        >
          Allow credentials for this certificate
        </button>
      </div>
    </div>
  );
}
