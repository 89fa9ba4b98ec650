import type {
  TranscriptExport,
  TranscriptExportOptions,
  TranscriptLoss,
  TranscriptRecord,
  TranscriptSessionInfo,
} from '../transcript';
import { exportFileName, type ExportContext } from './export-header';
import { renderHtmlTranscript } from './html-export';
import { renderJsonTranscript } from './json-export';
import { renderTextTranscript } from './text-export';
import { transcriptLines } from './transcript-lines';

const MEDIA_TYPES = {
  text: 'text/plain; charset=utf-8',
  json: 'application/json',
  html: 'text/html; charset=utf-8',
} as const;

const EXTENSIONS = { text: 'txt', json: 'json', html: 'html' } as const;

/** Counts the records whose real credential an export with `included` would contain. */
export function countKeptCredentials(records: readonly TranscriptRecord[]): number {
  return records.filter(
    (record) =>
      (record.kind === 'client' || record.kind === 'client-bytes' || record.kind === 'server') &&
      record.unmasked !== undefined,
  ).length;
}

/** Counts the server records an export shows with a credential masked. */
function countMaskedServerReads(
  records: readonly TranscriptRecord[],
  includeCredentials: boolean,
): number {
  return records.filter(
    (record) =>
      record.kind === 'server' &&
      record.masked === true &&
      !(includeCredentials && record.unmasked !== undefined),
  ).length;
}

/** Builds the export file of a transcript in the chosen format. */
export function exportTranscript(
  records: readonly TranscriptRecord[],
  session: TranscriptSessionInfo,
  loss: TranscriptLoss,
  options: TranscriptExportOptions,
  now: number,
): TranscriptExport {
  const includeCredentials = options.credentials === 'included';
  const context: ExportContext = {
    session,
    startedAt: records[0]?.time ?? now,
    exportedAt: now,
    loss,
    credentialCount: includeCredentials ? countKeptCredentials(records) : 0,
    maskedServerReads: countMaskedServerReads(records, includeCredentials),
  };

  let content: string;
  if (options.format === 'json') {
    content = renderJsonTranscript(records, context, includeCredentials);
  } else {
    const lines = transcriptLines(records, { includeCredentials });
    content =
      options.format === 'html'
        ? renderHtmlTranscript(lines, context, options.timestamps)
        : renderTextTranscript(lines, context, options.timestamps);
  }
  return {
    fileName: exportFileName(context, EXTENSIONS[options.format]),
    mediaType: MEDIA_TYPES[options.format],
    content,
    credentialCount: context.credentialCount,
  };
}
