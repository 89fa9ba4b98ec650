import type {
  CertificateFileCheck,
  ChainReport,
  Diagnosis,
} from '../../../shared/certificates/model';
import { makeError, type MailtapError } from '../../../shared/errors';
import type { Logger } from '../logger';
import { readUserAnchors } from '../session-options';
import { analyzeChain } from './analyze-chain';
import { CertificateFileError, decodeCertificateFile } from './certificate-file';
import { buildRootStore } from './root-store';

/** A certificate file the engine cannot read, carrying its catalog error. */
export class InvalidCertificateFile extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

/**
 * Analyses a certificate file without a connection: its certificates in file order stand in for
 * what a server would send. They are verified against the operating system's roots plus the
 * check's CA file and PEM, and against the check's host name when it has one. Throws
 * InvalidOptions when the CA file cannot be read.
 */
export async function analyzeCertificateFile(
  fileName: string,
  bytes: Uint8Array,
  check: CertificateFileCheck = {},
  logger?: Logger,
): Promise<ChainReport> {
  let certificates: Buffer[];
  try {
    certificates = decodeCertificateFile(bytes);
  } catch (error) {
    if (!(error instanceof CertificateFileError)) {
      throw error;
    }
    throw new InvalidCertificateFile(
      makeError('CERTIFICATE_FILE_INVALID', { detail: `${fileName}: ${error.message}.` }),
    );
  }
  const report = analyzeChain({
    origin: 'file',
    label: fileName,
    sent: certificates,
    capture: { method: 'file', problem: null },
    roots: await buildRootStore(await readUserAnchors(check), logger),
    verifyName: check.verifyName ?? null,
    runtimeError: null,
  });
  return {
    ...report,
    headline: forFile(report.headline),
    diagnoses: report.diagnoses.map(forFile),
  };
}

/**
 * Rewords a finding written for a server's handshake: for a file, the certificates are what the
 * file contains, not what a server sent.
 */
function forFile(finding: Diagnosis): Diagnosis {
  const text = finding.text
    .replace(/^The server sent no certificate\./, 'The file contains no certificate.')
    .replace(/^The server did not send /, 'The file does not contain ')
    .replace(/^The server sent /, 'The file contains ');
  return { ...finding, text };
}
