import 'reflect-metadata';

import * as x509 from '@peculiar/x509';

import { MAX_CERTIFICATE_FILE_BYTES } from '../../../shared/ipc/validate';

/** PEM labels that hold one certificate (RFC 7468, and OpenSSL's older spellings). */
const CERTIFICATE_LABELS: ReadonlySet<string> = new Set(['CERTIFICATE', 'X509 CERTIFICATE']);
/** PEM labels that hold a PKCS#7 or CMS SignedData with a certificate set. */
const PKCS7_LABELS: ReadonlySet<string> = new Set(['PKCS7', 'CMS']);

export class CertificateFileError extends Error {}

function fromPkcs7(raw: ArrayBuffer | Buffer): Buffer[] {
  // The library wants memory that is an ArrayBuffer, which a pooled Buffer's may not be.
  const bytes = raw instanceof ArrayBuffer ? raw : new Uint8Array(raw);
  return [...new x509.X509Certificates(bytes)].map((certificate) =>
    Buffer.from(certificate.rawData),
  );
}

function fromPem(text: string): Buffer[] {
  let blocks: ReturnType<typeof x509.PemConverter.decodeWithHeaders>;
  try {
    blocks = x509.PemConverter.decodeWithHeaders(text);
  } catch (error) {
    throw new CertificateFileError(
      `its PEM text is damaged (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const certificates: Buffer[] = [];
  for (const block of blocks) {
    if (CERTIFICATE_LABELS.has(block.type)) {
      certificates.push(Buffer.from(block.rawData));
    } else if (PKCS7_LABELS.has(block.type)) {
      certificates.push(...fromPkcs7(block.rawData));
    }
  }
  if (certificates.length === 0) {
    const labels = blocks.map((block) => block.type).join(', ') || 'none';
    throw new CertificateFileError(
      `it has no CERTIFICATE or PKCS7 block (PEM blocks found: ${labels})`,
    );
  }
  return certificates;
}

function fromDer(bytes: Buffer): Buffer[] {
  try {
    new x509.X509Certificate(new Uint8Array(bytes));
    return [bytes];
  } catch {
    // Not one certificate; a PKCS#7 bundle is the other DER form in use (.p7b, .p7c).
  }
  try {
    const certificates = fromPkcs7(bytes);
    if (certificates.length > 0) {
      return certificates;
    }
  } catch {
    // Reported below with both forms named.
  }
  throw new CertificateFileError(
    'it is neither PEM text, a DER certificate nor a DER PKCS#7 bundle',
  );
}

/**
 * Reads the certificates of a file in PEM (one or more blocks), DER (one certificate) or PKCS#7
 * (`.p7b`, PEM or DER), in the order the file lists them. Throws CertificateFileError with the
 * reason when the file holds none.
 */
export function decodeCertificateFile(bytes: Uint8Array): Buffer[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.length === 0) {
    throw new CertificateFileError('it is empty');
  }
  if (buffer.length > MAX_CERTIFICATE_FILE_BYTES) {
    throw new CertificateFileError(
      `it has ${buffer.length} bytes, more than the ${MAX_CERTIFICATE_FILE_BYTES} a certificate file can reasonably have`,
    );
  }
  const text = buffer.toString('latin1');
  return text.includes('-----BEGIN ') ? fromPem(text) : fromDer(buffer);
}
