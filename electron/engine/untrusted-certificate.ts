import type { DiagnosisCode } from '../../shared/certificates/diagnosis-catalog';
import type { TlsSummary } from '../../shared/session';

/** The client-side remedy of each finding that a CA file fixes. */
const CA_FILE_HINTS: Partial<Record<DiagnosisCode, string>> = {
  SELF_SIGNED_LEAF:
    'If you trust this certificate, set CA file (under Advanced) to a PEM file with it and connect again.',
  UNKNOWN_ROOT:
    'If you trust that root, set CA file (under Advanced) to a PEM file with it and connect again.',
  INTERMEDIATE_NOT_SENT:
    'To verify the chain here meanwhile, set CA file (under Advanced) to a PEM file with the intermediate and its root.',
};

const NAME_HINT =
  "Connect by one of the certificate's names, or set SNI (under Advanced) to one of them.";

/** An OpenSSL verification code such as `DEPTH_ZERO_SELF_SIGNED_CERT`, unlike a sentence. */
const OPENSSL_CODE = /^[A-Z0-9_]+$/;

/**
 * Describes in sentences why a session's certificate is not trusted and what the user can do
 * about it here. A name mismatch is always stated with the certificate's names, also when
 * another finding heads the list.
 */
export function describeUntrusted(tls: TlsSummary): string {
  const sentences = [tls.headline.text];
  const hint = CA_FILE_HINTS[tls.headline.code];
  if (hint !== undefined) {
    sentences.push(hint);
  }
  if (tls.nameError !== null) {
    if (tls.headline.code !== 'NAME_MISMATCH') {
      sentences.push(tls.nameError);
    }
    sentences.push(NAME_HINT);
  }
  return sentences.join(' ');
}

/** Returns the verifier's code for searching, e.g. ` OpenSSL code: CERT_HAS_EXPIRED.`, or ''. */
export function openSslCodeSuffix(tls: TlsSummary): string {
  const code = tls.chainError;
  return code !== null && OPENSSL_CODE.test(code) ? ` OpenSSL code: ${code}.` : '';
}
