import { decodeBase64, encodeBase64 } from '../encoding/base64';
import { escapeBytes } from '../bytes/byte-escapes';
import type { TlsSummary } from '../session';
import type { TranscriptRecord, TranscriptSessionInfo, TranscriptViewRecord } from '../transcript';
import type { ExportContext } from './export-header';

/** Identifies a Mailtap transcript file and the version of its layout. */
export const TRANSCRIPT_JSON_FORMAT = 'mailtap-transcript';
export const TRANSCRIPT_JSON_VERSION = 1;

/**
 * One record in a JSON export. Byte records carry base64 of their bytes and an escaped form to
 * read. Those are the exact bytes, except in a server record marked `masked`: there the engine
 * replaced a credential that the server repeated with the mask.
 */
export type JsonTranscriptRecord =
  | {
      kind: 'server';
      time: string;
      tls: boolean;
      base64: string;
      escaped: string;
      masked?: true;
      credential?: true;
    }
  | {
      kind: 'client';
      time: string;
      tls: boolean;
      text: string;
      automatic: boolean;
      credential?: true;
    }
  | {
      kind: 'client-bytes';
      time: string;
      tls: boolean;
      base64: string;
      escaped: string;
      credential?: true;
    }
  | { kind: 'note'; time: string; tls: boolean; level: 'info' | 'warning' | 'error'; text: string }
  | { kind: 'tls-start'; time: string; tls: true; summary: TlsSummary };

export interface JsonTranscript {
  format: typeof TRANSCRIPT_JSON_FORMAT;
  version: number;
  session: TranscriptSessionInfo;
  exportedAt: string;
  /** `masked` or `included`, as chosen at export. */
  credentials: 'masked' | 'included';
  droppedRecords: number;
  droppedBytes: number;
  records: JsonTranscriptRecord[];
}

function jsonRecord(
  record: TranscriptRecord | TranscriptViewRecord,
  includeCredentials: boolean,
): JsonTranscriptRecord {
  const time = new Date(record.time).toISOString();
  switch (record.kind) {
    case 'server': {
      const unmasked = includeCredentials && 'unmasked' in record ? record.unmasked : undefined;
      const bytes = unmasked ?? record.bytes;
      let marker = {};
      if (unmasked !== undefined) {
        marker = { credential: true as const };
      } else if (record.masked === true) {
        marker = { masked: true as const };
      }
      return {
        kind: 'server',
        time,
        tls: record.tls,
        base64: encodeBase64(bytes),
        escaped: escapeBytes(bytes),
        ...marker,
      };
    }
    case 'client': {
      const unmasked = includeCredentials && 'unmasked' in record ? record.unmasked : undefined;
      return {
        kind: 'client',
        time,
        tls: record.tls,
        text: unmasked ?? record.text,
        automatic: record.automatic,
        ...(unmasked === undefined ? {} : { credential: true as const }),
      };
    }
    case 'client-bytes': {
      const unmasked = includeCredentials && 'unmasked' in record ? record.unmasked : undefined;
      const bytes = unmasked ?? record.bytes;
      return {
        kind: 'client-bytes',
        time,
        tls: record.tls,
        base64: encodeBase64(bytes),
        escaped: escapeBytes(bytes),
        ...(unmasked === undefined ? {} : { credential: true as const }),
      };
    }
    case 'note':
      return { kind: 'note', time, tls: record.tls, level: record.level, text: record.text };
    case 'tls-start':
      return { kind: 'tls-start', time, tls: true, summary: record.summary };
  }
}

/** Renders a transcript as JSON that `parseJsonTranscript` reads back into the same records. */
export function renderJsonTranscript(
  records: readonly (TranscriptRecord | TranscriptViewRecord)[],
  context: ExportContext,
  includeCredentials: boolean,
): string {
  const document: JsonTranscript = {
    format: TRANSCRIPT_JSON_FORMAT,
    version: TRANSCRIPT_JSON_VERSION,
    session: context.session,
    exportedAt: new Date(context.exportedAt).toISOString(),
    credentials: includeCredentials ? 'included' : 'masked',
    droppedRecords: context.loss.droppedRecords,
    droppedBytes: context.loss.droppedBytes,
    records: records.map((record) => jsonRecord(record, includeCredentials)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export type ParsedJsonTranscript =
  | {
      readonly ok: true;
      readonly session: TranscriptSessionInfo;
      readonly records: TranscriptViewRecord[];
    }
  | { readonly ok: false; readonly problem: string };

class InvalidTranscript extends Error {}

function bytesOf(base64: unknown, where: string): Uint8Array {
  if (typeof base64 !== 'string') {
    throw new InvalidTranscript(`${where}.base64 is not a string`);
  }
  const decoded = decodeBase64(base64);
  if (!decoded.ok) {
    throw new InvalidTranscript(`${where}.base64 is invalid at offset ${decoded.problem.offset}`);
  }
  return decoded.bytes;
}

function timeOf(value: unknown, where: string): number {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new InvalidTranscript(`${where}.time is not an ISO date`);
  }
  return time;
}

function parseRecord(value: unknown, index: number): TranscriptViewRecord {
  const where = `records[${index}]`;
  if (typeof value !== 'object' || value === null) {
    throw new InvalidTranscript(`${where} is not an object`);
  }
  const record = value as Record<string, unknown>;
  const time = timeOf(record['time'], where);
  const tls = record['tls'] === true;
  switch (record['kind']) {
    case 'server':
      return {
        kind: 'server',
        time,
        tls,
        bytes: bytesOf(record['base64'], where),
        ...(record['masked'] === true ? { masked: true as const } : {}),
      };
    case 'client-bytes':
      return { kind: 'client-bytes', time, tls, bytes: bytesOf(record['base64'], where) };
    case 'client':
      if (typeof record['text'] !== 'string') {
        throw new InvalidTranscript(`${where}.text is not a string`);
      }
      return {
        kind: 'client',
        time,
        tls,
        text: record['text'],
        automatic: record['automatic'] === true,
      };
    case 'note': {
      const level = record['level'];
      if (
        typeof record['text'] !== 'string' ||
        (level !== 'info' && level !== 'warning' && level !== 'error')
      ) {
        throw new InvalidTranscript(`${where} is not a valid note`);
      }
      return { kind: 'note', time, tls, level, text: record['text'] };
    }
    case 'tls-start':
      if (typeof record['summary'] !== 'object' || record['summary'] === null) {
        throw new InvalidTranscript(`${where}.summary is missing`);
      }
      return { kind: 'tls-start', time, tls: true, summary: record['summary'] as TlsSummary };
    default:
      throw new InvalidTranscript(`${where}.kind is unknown`);
  }
}

/** Reads a JSON export back into records, for tools and for the round-trip tests. */
export function parseJsonTranscript(text: string): ParsedJsonTranscript {
  try {
    const document = JSON.parse(text) as Partial<JsonTranscript>;
    if (document.format !== TRANSCRIPT_JSON_FORMAT) {
      return { ok: false, problem: `format is not "${TRANSCRIPT_JSON_FORMAT}"` };
    }
    if (document.version !== TRANSCRIPT_JSON_VERSION) {
      return {
        ok: false,
        problem: `version ${String(document.version)} is not supported; this build reads version ${TRANSCRIPT_JSON_VERSION}`,
      };
    }
    if (!Array.isArray(document.records) || document.session === undefined) {
      return { ok: false, problem: 'records or session is missing' };
    }
    return { ok: true, session: document.session, records: document.records.map(parseRecord) };
  } catch (error) {
    if (error instanceof InvalidTranscript || error instanceof SyntaxError) {
      return { ok: false, problem: error.message };
    }
    throw error;
  }
}
