import { BARE_LF_MARK, CONTINUATION_MARK } from '../display/output-formatter';
import { escapeCodePoint, formatInvalidByte } from '../display/escape';
import { Utf8StreamDecoder } from '../display/utf8-decoder';
import { escapeBytes } from '../bytes/byte-escapes';
import { SECRET_MASK } from '../protocol/secrets';
import type { TlsSummary } from '../session';
import type { TranscriptRecord, TranscriptViewRecord } from '../transcript';

/** Who a transcript line comes from; `tls` marks where the TLS handshake finished. */
export type LineSource = 'server' | 'client' | 'note' | 'tls';

/** One readable line of a transcript, as the text and HTML exports print it. */
export interface TranscriptLine {
  readonly source: LineSource;
  /** Time of the record that started the line, in milliseconds since the Unix epoch. */
  readonly time: number;
  readonly tls: boolean;
  /** Printable text: control characters and invalid UTF-8 appear as visible escapes. */
  readonly text: string;
  readonly level?: 'info' | 'warning' | 'error';
  /** True for bytes sent with "send exact bytes"; `text` is then in backslash notation. */
  readonly exact?: boolean;
  /** True when the line shows a credential the user asked to include. */
  readonly credential?: boolean;
  /** True for a server line in which the engine masked a credential that the server repeated. */
  readonly masked?: boolean;
}

/** Whether the export may use the unmasked copies of credentials. */
export interface LineOptions {
  readonly includeCredentials: boolean;
}

const CR = 0x0d;
const LF = 0x0a;

/** Describes a finished handshake in one line. */
export function describeTlsStart(summary: TlsSummary): string {
  const how = summary.viaStarttls ? 'after STARTTLS' : 'implicit TLS';
  const exchange = summary.keyExchange === null ? '' : `, ${summary.keyExchange}`;
  const trust = summary.trusted
    ? `certificate verified for ${summary.verifyName}`
    : `certificate NOT trusted for ${summary.verifyName}`;
  return `TLS started (${how}): ${summary.version}, ${summary.cipher}${exchange}; ${trust}.`;
}

/** The mark a server read adds to the lines it touches, besides its bytes. */
type ServerReadMark = 'masked' | 'credential' | null;

/**
 * Assembles server lines from reads that may split them anywhere. A line keeps the time and TLS
 * state of the read that started it, and the marks of every read that contributed to it.
 */
class ServerLineAssembler {
  readonly #decoder = new Utf8StreamDecoder();
  #text = '';
  #started: { time: number; tls: boolean } | null = null;
  #fromMaskedRead = false;
  #fromCredentialRead = false;
  #pendingCr = false;
  #continued = false;
  readonly #sink = {
    codePoint: (codePoint: number) => {
      this.#text += escapeCodePoint(codePoint) ?? String.fromCodePoint(codePoint);
    },
    invalidByte: (byte: number) => {
      this.#text += formatInvalidByte(byte);
    },
  };

  push(
    bytes: Uint8Array,
    time: number,
    tls: boolean,
    mark: ServerReadMark,
    out: TranscriptLine[],
  ): void {
    for (const byte of bytes) {
      this.#started ??= { time, tls };
      this.#fromMaskedRead ||= mark === 'masked';
      this.#fromCredentialRead ||= mark === 'credential';
      if (this.#pendingCr) {
        this.#pendingCr = false;
        if (byte === LF) {
          this.#emit('', out);
          continue;
        }
        this.#sink.codePoint(CR);
      }
      if (byte === CR) {
        this.#decoder.flush(this.#sink);
        this.#pendingCr = true;
      } else if (byte === LF) {
        this.#decoder.flush(this.#sink);
        this.#emit(BARE_LF_MARK, out);
      } else {
        this.#decoder.push(byte, this.#sink);
      }
    }
  }

  /** Ends an unfinished line because another record comes between its parts. */
  interrupt(out: TranscriptLine[]): void {
    if (this.#started === null) {
      return;
    }
    const pendingCr = this.#pendingCr;
    this.#pendingCr = false;
    this.#decoder.flush(this.#sink);
    if (pendingCr) {
      this.#sink.codePoint(CR);
    }
    this.#emit(CONTINUATION_MARK, out);
    this.#continued = true;
  }

  #emit(suffix: string, out: TranscriptLine[]): void {
    const started = this.#started!;
    const prefix = this.#continued ? CONTINUATION_MARK : '';
    // A masked read can span lines; only those that show the mask are marked.
    const masked = this.#fromMaskedRead && this.#text.includes(SECRET_MASK);
    out.push({
      source: 'server',
      time: started.time,
      tls: started.tls,
      text: prefix + this.#text + suffix,
      ...(masked ? { masked } : {}),
      ...(this.#fromCredentialRead ? { credential: true } : {}),
    });
    this.#text = '';
    this.#started = null;
    this.#fromMaskedRead = false;
    this.#fromCredentialRead = false;
    this.#continued = suffix === CONTINUATION_MARK;
  }
}

type ClientRecord = Extract<
  TranscriptRecord | TranscriptViewRecord,
  { kind: 'client' | 'client-bytes' }
>;

/** Shows a client line, or the bytes of an exact send in backslash notation. */
function clientLine(record: ClientRecord, options: LineOptions): TranscriptLine {
  const unmasked = 'unmasked' in record ? record.unmasked : undefined;
  const credential = options.includeCredentials && unmasked !== undefined;
  let text: string;
  if (record.kind === 'client') {
    text = escapeText(credential ? (unmasked as string) : record.text);
  } else {
    text = escapeBytes(credential ? (unmasked as Uint8Array) : record.bytes);
  }
  return {
    source: 'client',
    time: record.time,
    tls: record.tls,
    text,
    ...(record.kind === 'client-bytes' ? { exact: true } : {}),
    ...(credential ? { credential } : {}),
  };
}

/** Escapes control and invisible characters of a client line or note. */
function escapeText(text: string): string {
  let escaped = '';
  for (const char of text) {
    escaped += escapeCodePoint(char.codePointAt(0)!) ?? char;
  }
  return escaped;
}

/**
 * Turns transcript records into readable lines: server reads are joined and split at line ends,
 * a bare LF is marked `<LF>` as in the terminal, and a server line cut by a client line or note
 * continues after a `…`, again as in the terminal.
 */
export function transcriptLines(
  records: readonly (TranscriptRecord | TranscriptViewRecord)[],
  options: LineOptions = { includeCredentials: false },
): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  const server = new ServerLineAssembler();
  for (const record of records) {
    if (record.kind === 'server') {
      const unmasked =
        options.includeCredentials && 'unmasked' in record ? record.unmasked : undefined;
      if (unmasked !== undefined) {
        server.push(unmasked, record.time, record.tls, 'credential', lines);
      } else {
        server.push(record.bytes, record.time, record.tls, record.masked ? 'masked' : null, lines);
      }
      continue;
    }

    server.interrupt(lines);
    switch (record.kind) {
      case 'client':
      case 'client-bytes':
        lines.push(clientLine(record, options));
        break;
      case 'note':
        for (const text of record.text.split(/\r?\n/)) {
          lines.push({
            source: 'note',
            time: record.time,
            tls: record.tls,
            text: escapeText(text),
            level: record.level,
          });
        }
        break;
      case 'tls-start':
        lines.push({
          source: 'tls',
          time: record.time,
          tls: true,
          text: describeTlsStart(record.summary),
        });
        break;
    }
  }
  server.interrupt(lines);
  return lines;
}

/** Formats a time as UTC `HH:MM:SS.mmm`, the stamp of text exports and the transcript view. */
export function formatTimeOfDay(time: number): string {
  return new Date(time).toISOString().slice(11, 23);
}
