import type { ProtocolId, SecurityMode } from './presets';
import type { TlsSummary } from './session';

/** One record of a session transcript, in the order it happened. */
export type TranscriptRecord =
  | {
      readonly kind: 'server';
      /** Milliseconds since the Unix epoch. */
      readonly time: number;
      readonly tls: boolean;
      /** The bytes as received, except where `masked` is set. */
      readonly bytes: Uint8Array;
      /**
       * Set when the server repeated a credential the client sent: `bytes` then shows it as the
       * mask and is no longer exactly what arrived.
       */
      readonly masked?: true;
      /**
       * The bytes as received, when every credential masked in them was sent while credential
       * keeping was on; set only then.
       */
      readonly unmasked?: Uint8Array;
    }
  | {
      readonly kind: 'client';
      readonly time: number;
      readonly tls: boolean;
      /**
       * The line as sent, with credentials masked, without the CRLF the engine appended. The
       * real line is kept only in `unmasked`, and only when the user asked for it beforehand.
       */
      readonly text: string;
      readonly automatic: boolean;
      /** The real line when it differs from `text`; set only while credential keeping is on. */
      readonly unmasked?: string;
    }
  | {
      readonly kind: 'client-bytes';
      readonly time: number;
      readonly tls: boolean;
      /** Bytes sent with "send exact bytes", unchanged except that credentials are masked. */
      readonly bytes: Uint8Array;
      /** The real bytes when they differ from `bytes`; set only while credential keeping is on. */
      readonly unmasked?: Uint8Array;
    }
  | {
      readonly kind: 'note';
      readonly time: number;
      readonly tls: boolean;
      readonly level: 'info' | 'warning' | 'error';
      readonly text: string;
    }
  | {
      /** The TLS handshake finished here: every later record travelled inside TLS. */
      readonly kind: 'tls-start';
      readonly time: number;
      readonly tls: true;
      readonly summary: TlsSummary;
    };

/** Marks a view record whose unmasked copy the engine keeps for an export with credentials. */
interface CredentialKeptMark {
  readonly credentialKept?: true;
}

/** A record as the renderer may see it: never with the unmasked copy of a credential. */
export type TranscriptViewRecord =
  | Exclude<TranscriptRecord, { kind: 'server' } | { kind: 'client' } | { kind: 'client-bytes' }>
  | (Omit<Extract<TranscriptRecord, { kind: 'server' }>, 'unmasked'> & CredentialKeptMark)
  | (Omit<Extract<TranscriptRecord, { kind: 'client' }>, 'unmasked'> & CredentialKeptMark)
  | (Omit<Extract<TranscriptRecord, { kind: 'client-bytes' }>, 'unmasked'> & CredentialKeptMark);

/** What a transcript says about the session it records, for export headers. */
export interface TranscriptSessionInfo {
  readonly host: string;
  readonly port: number;
  readonly protocol: ProtocolId;
  readonly security: SecurityMode;
}

/** Counts of what the byte cap kept out of the transcript. */
export interface TranscriptLoss {
  readonly droppedRecords: number;
  readonly droppedBytes: number;
}

/** A slice of a transcript for the renderer's byte and transcript views. */
export interface TranscriptPage extends TranscriptLoss {
  /** Index of the first record in `records`. */
  readonly from: number;
  readonly records: readonly TranscriptViewRecord[];
  /** Index to ask for next; equals `total` when the page reaches the end. */
  readonly next: number;
  /** Records kept so far. */
  readonly total: number;
}

export type TranscriptFormat = 'text' | 'json' | 'html';

export interface TranscriptExportOptions {
  readonly format: TranscriptFormat;
  /** Prefix every line with its UTC time. JSON always carries times. */
  readonly timestamps: boolean;
  /**
   * `masked` (the default) exports credentials as the mask. `included` exports the real lines
   * the engine kept because the user turned on credential keeping before sending them; lines
   * sent before that stay masked, because the engine never stored them.
   */
  readonly credentials: 'masked' | 'included';
}

/** A finished export: the page downloads it, or the main process saves it. */
export interface ExportedFile {
  readonly fileName: string;
  readonly mediaType: string;
  readonly content: string;
}

export interface TranscriptExport extends ExportedFile {
  /** How many real credentials the file contains; 0 unless `credentials` was `included`. */
  readonly credentialCount: number;
}
