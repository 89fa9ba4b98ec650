import type { CertificateInfo, ChainReport } from '../../../shared/certificates/model';

/**
 * How long a saved file's object URL stays valid. The download starts when the link is clicked,
 * but Chromium reads the blob asynchronously, so the URL is released a while later.
 */
const DOWNLOAD_URL_LIFETIME_MS = 60_000;

/** Returns the certificates in the order the server sent them (or the file listed them) as one PEM text. */
export function chainPem(report: ChainReport): string {
  return report.sentOrder.map((index) => report.certificates[index]!.pem.trimEnd() + '\n').join('');
}

/** Returns a file name for a certificate: its common name with unsafe characters replaced, plus `.pem`. */
export function pemFileName(info: CertificateInfo | null, fallback: string): string {
  const stem = (info?.commonName ?? fallback)
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '');
  return `${stem || 'certificate'}.pem`;
}

/** Copies text to the clipboard; rejects when the page may not write to it. */
export function copyText(text: string): Promise<void> {
  return navigator.clipboard.writeText(text);
}

/** Offers a PEM text as a download, which the browser or Electron saves under `fileName`. */
export function savePem(fileName: string, pem: string): void {
  const url = URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), DOWNLOAD_URL_LIFETIME_MS);
}
