import type { ChainReport } from '../../../shared/certificates/model';
import { makeError, type MailtapError } from '../../../shared/errors';
import type { Logger } from '../logger';
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
 * what a server would send, verified against the operating system's roots with no name check.
 */
export async function analyzeCertificateFile(
  fileName: string,
  bytes: Uint8Array,
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
    roots: await buildRootStore([], logger),
    verifyName: null,
    runtimeError: null,
  });
}
