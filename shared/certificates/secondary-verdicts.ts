import { displayName, formatDate } from './labels';
import type { ChainReport } from './model';

/** The clients whose path building the legacy verification imitates. */
export const LEGACY_CLIENTS = 'Legacy clients (OpenSSL 1.0.x, old GnuTLS)';

/**
 * The inspector's note on Authority Information Access. The engine never downloads a missing
 * issuer from a CA-issuers address, because mail clients do not either; browsers often do.
 */
export const AIA_STATEMENT =
  'Nothing was fetched through AIA: Mailtap never downloads a missing issuer from its CA-issuers address, because mail clients do not either, so this result matches what they see.';

/**
 * Describes the verdict of clients that follow the sent chain in one sentence, e.g.
 * `Legacy clients (…): would fail: certificate has expired (error 10 at depth 3, "Old Root", expired on 2021-09-30).`
 * Returns null when the report has no legacy verdict.
 */
export function describeLegacyVerification(report: ChainReport): string | null {
  const legacy = report.legacyVerification;
  if (legacy === null) {
    return null;
  }
  if (legacy.error === null) {
    const top = legacy.path.at(-1);
    const root = top === undefined ? undefined : report.certificates[top.certificate];
    const name = root === undefined ? 'a trusted root' : `the trusted root "${displayName(root)}"`;
    return `${LEGACY_CLIENTS}: would pass: the sent chain leads to ${name}.`;
  }
  const { description, number, depth } = legacy.error;
  const info = report.certificates[legacy.error.certificate];
  let subject = '';
  if (info !== undefined) {
    const expiry =
      legacy.error.code === 'CERT_HAS_EXPIRED' ? `, expired on ${formatDate(info.notAfter)}` : '';
    subject = `, "${displayName(info)}"${expiry}`;
  }
  return `${LEGACY_CLIENTS}: would fail: ${description} (error ${number} at depth ${depth}${subject}).`;
}

/** Returns whether the verdict names a missing intermediate, next to which the AIA statement belongs. */
export function concernsMissingIssuer(report: ChainReport): boolean {
  return (
    report.missingIssuer !== null ||
    report.diagnoses.some(
      (finding) =>
        finding.code === 'INTERMEDIATE_NOT_SENT' || finding.code === 'INTERMEDIATE_FROM_STORE',
    )
  );
}
