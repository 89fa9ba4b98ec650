import type { CertificateFileCheck } from '../../../shared/certificates/model';
import type { MailtapApi } from '../../../shared/ipc/contract';
import { describeFailure } from '../api/request-errors';
import type { CertificateFileState, CertificateReportState, StoreState } from './store-state';

/** Callbacks into the store that owns the certificate views. */
export interface CertificateHost {
  readonly api: MailtapApi;
  getState(): StoreState;
  update(change: Partial<StoreState>): void;
  isDismissed(sessionId: string): boolean;
}

/** Loads chain analyses for the Certificates tab and for certificate files the user opens. */
export class CertificateViews {
  readonly #host: CertificateHost;

  constructor(host: CertificateHost) {
    this.#host = host;
  }

  /** Loads the chain analysis of a session's handshake once; later calls keep the first result. */
  async load(sessionId: string): Promise<void> {
    const known = this.#host.getState().certificates.get(sessionId);
    if (known?.report != null) {
      return;
    }
    let entry: CertificateReportState;
    try {
      const report = await this.#host.api.getCertificates(sessionId);
      entry = { report, error: report === null ? 'This session has not negotiated TLS.' : null };
    } catch (reason) {
      entry = { report: null, error: describeFailure(reason) };
    }
    if (this.#host.isDismissed(sessionId)) {
      return;
    }
    const certificates = new Map(this.#host.getState().certificates);
    certificates.set(sessionId, entry);
    this.#host.update({ certificates });
  }

  /**
   * Sends a certificate file to the engine for analysis, against the name and trust anchors of
   * `check`, and shows the result in the main area.
   */
  async openFile(
    fileName: string,
    bytes: Uint8Array,
    check: CertificateFileCheck = {},
  ): Promise<void> {
    const pending: CertificateFileState = { fileName, bytes, check, report: null, error: null };
    this.#host.update({ view: 'certificate-file', certificateFile: pending });
    let result: CertificateFileState;
    try {
      const report = await this.#host.api.analyzeCertificateFile(fileName, bytes, check);
      result = { ...pending, report };
    } catch (reason) {
      result = { ...pending, error: describeFailure(reason) };
    }
    if (this.#host.getState().certificateFile === pending) {
      this.#host.update({ certificateFile: result });
    }
  }

  /** Shows why a file was not sent for analysis, in the certificate file view. */
  showFileError(fileName: string, error: string): void {
    this.#host.update({
      view: 'certificate-file',
      certificateFile: { fileName, bytes: null, check: {}, report: null, error },
    });
  }

  /** Leaves the certificate file view for the session or the form shown before. */
  closeFile(): void {
    this.#host.update({
      certificateFile: null,
      view: this.#host.getState().activeSessionId === null ? 'form' : 'session',
    });
  }
}
