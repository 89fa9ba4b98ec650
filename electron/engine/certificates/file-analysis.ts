import type { CertificateFileCheck, ChainReport } from '../../../shared/certificates/model';
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
  return analyzeChain({
    origin: 'file',
    label: fileName,
    sent: certificates,
    capture: { method: 'file', problem: null },
    roots: await buildRootStore(await readUserAnchors(check), logger),
    verifyName: check.verifyName ?? null,
    runtimeError: null,
  });
}
