import { hexDumpLines, tokenizeBytes, type ByteToken } from '../../../shared/bytes/byte-escapes';
import { encodeUtf8 } from '../../../shared/encoding/base64';
import { SECRET_MASK } from '../../../shared/protocol/secrets';
import {
  describeTlsStart,
  formatTimeOfDay,
  transcriptLines,
} from '../../../shared/transcript-export/transcript-lines';
import { textGutter } from '../../../shared/transcript-export/text-export';
import type { TranscriptViewRecord } from '../../../shared/transcript';

/** One row of a transcript, byte or hex view. */
export interface RecordRow {
  readonly key: string;
  /** UTC time, shown when timestamps are on. */
  readonly time: number;
  readonly gutter: string;
  readonly kind: 'server' | 'client' | 'note' | 'tls';
  /** True for a client line shown with its credential masked, which is not what went out. */
  readonly masked?: boolean;
  /** Either plain text or byte tokens in backslash notation. */
  readonly text?: string;
  readonly tokens?: readonly ByteToken[];
}

const CRLF = Uint8Array.from([0x0d, 0x0a]);

function clientBytes(
  record: Extract<TranscriptViewRecord, { kind: 'client' | 'client-bytes' }>,
): Uint8Array {
  if (record.kind === 'client-bytes') {
    return record.bytes;
  }
  // The engine sent the line with CRLF appended.
  const text = encodeUtf8(record.text);
  const bytes = new Uint8Array(text.length + CRLF.length);
  bytes.set(text);
  bytes.set(CRLF, text.length);
  return bytes;
}

/** Splits tokens into rows after every line feed, so each protocol line gets its own row. */
function splitAfterLineFeeds(tokens: readonly ByteToken[]): ByteToken[][] {
  const rows: ByteToken[][] = [[]];
  for (const token of tokens) {
    rows.at(-1)!.push(token);
    if (token.kind === 'lf' || token.kind === 'bare-lf') {
      rows.push([]);
    }
  }
  return rows.filter((row) => row.length > 0);
}

function markerRow(
  record: Extract<TranscriptViewRecord, { kind: 'note' | 'tls-start' }>,
  index: number,
): RecordRow {
  if (record.kind === 'note') {
    return { key: `${index}`, time: record.time, gutter: '-- ', kind: 'note', text: record.text };
  }
  return {
    key: `${index}`,
    time: record.time,
    gutter: '== ',
    kind: 'tls',
    text: describeTlsStart(record.summary),
  };
}

/** A record that carries bytes, with those bytes and its place in the transcript. */
interface ByteRecord {
  readonly record: Extract<TranscriptViewRecord, { kind: 'server' | 'client' | 'client-bytes' }>;
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly server: boolean;
  /** The record shows a credential as the mask, so `bytes` are not the bytes that went out. */
  readonly masked: boolean;
}

const MASK_BYTES = encodeUtf8(SECRET_MASK);

function containsMask(bytes: Uint8Array): boolean {
  for (let start = 0; start + MASK_BYTES.length <= bytes.length; start++) {
    if (MASK_BYTES.every((byte, offset) => bytes[start + offset] === byte)) {
      return true;
    }
  }
  return false;
}

/**
 * Detects a record kept in masked form: the engine keeps a line that carries a credential only
 * with the mask in place of the secret, and marks a server read in which it masked a credential
 * that the server repeated.
 * NOTE: a client line in which the user typed the mask text itself is marked masked too.
 */
function isMasked(
  record: Extract<TranscriptViewRecord, { kind: 'server' | 'client' | 'client-bytes' }>,
): boolean {
  if (record.kind === 'server') {
    return record.masked === true;
  }
  if (record.kind === 'client') {
    return record.text.includes(SECRET_MASK);
  }
  return record.kind === 'client-bytes' && containsMask(record.bytes);
}

/** Adds marker rows for notes and the TLS start, and hands every byte record to `visit`. */
function visitRecords(
  records: readonly TranscriptViewRecord[],
  firstIndex: number,
  rows: RecordRow[],
  visit: (item: ByteRecord) => void,
): void {
  records.forEach((record, offset) => {
    const index = firstIndex + offset;
    if (record.kind === 'note' || record.kind === 'tls-start') {
      rows.push(markerRow(record, index));
      return;
    }
    const server = record.kind === 'server';
    const bytes = record.kind === 'server' ? record.bytes : clientBytes(record);
    visit({ record, index, bytes, server, masked: isMasked(record) });
  });
}

/** Builds the byte view: every byte as sent or received, with CR, LF, bare LF, NUL and non-ASCII visible. */
export function byteRows(
  records: readonly TranscriptViewRecord[],
  firstIndex: number,
): RecordRow[] {
  const rows: RecordRow[] = [];
  let lastServerByte: number | null = null;
  visitRecords(records, firstIndex, rows, ({ record, index, bytes, server, masked }) => {
    const tokens = tokenizeBytes(bytes, server ? lastServerByte : null);
    if (server && bytes.length > 0) {
      lastServerByte = bytes[bytes.length - 1]!;
    }

    let gutter = 'C: ';
    if (server) {
      gutter = masked ? 'S (masked): ' : 'S: ';
    } else if (record.kind === 'client-bytes') {
      gutter = masked ? 'C (exact, masked): ' : 'C (exact): ';
    } else if (masked) {
      gutter = 'C (masked): ';
    }
    splitAfterLineFeeds(tokens).forEach((row, part) => {
      rows.push({
        key: `${index}.${part}`,
        time: record.time,
        gutter,
        kind: server ? 'server' : 'client',
        ...(masked ? { masked } : {}),
        tokens: row,
      });
    });
  });
  return rows;
}

/** Builds the hex view: each read and write as a hex dump in the layout of `openssl s_client -debug`. */
export function hexRows(records: readonly TranscriptViewRecord[], firstIndex: number): RecordRow[] {
  const rows: RecordRow[] = [];
  visitRecords(records, firstIndex, rows, ({ record, index, bytes, server, masked }) => {
    const kind = server ? 'server' : 'client';
    if (masked && !server) {
      // The bytes that went out contained the credential, which the renderer never receives.
      const kept = record.kind !== 'server' && record.credentialKept === true;
      rows.push({
        key: `${index}.h`,
        time: record.time,
        gutter: 'C: ',
        kind,
        masked,
        text: kept
          ? 'write of a masked line: the credential was kept but is not shown here, so neither are its bytes and their count. An export with credentials included contains them.'
          : 'write of a masked line: the credential was not kept, so its bytes and their count are not shown',
      });
      return;
    }
    let header = server ? `read ${bytes.length} bytes` : `write ${bytes.length} bytes`;
    if (masked) {
      header = `read shown with a repeated credential masked (${bytes.length} bytes after masking, not as received)`;
    }
    rows.push({
      key: `${index}.h`,
      time: record.time,
      gutter: server ? 'S: ' : 'C: ',
      kind,
      ...(masked ? { masked } : {}),
      text: header,
    });
    hexDumpLines(bytes).forEach((line, part) => {
      rows.push({ key: `${index}.${part}`, time: record.time, gutter: '   ', kind, text: line });
    });
  });
  return rows;
}

/** Builds the transcript view from the lines of the text export. */
export function transcriptRows(
  records: readonly TranscriptViewRecord[],
  firstIndex: number,
): RecordRow[] {
  return transcriptLines(records).map((line, index) => ({
    key: `${firstIndex}.${index}`,
    time: line.time,
    gutter: textGutter(line),
    kind: line.source,
    text: line.text,
  }));
}

export function timeLabel(time: number): string {
  return `${formatTimeOfDay(time)} `;
}
