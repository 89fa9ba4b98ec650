import { headerLines, type ExportContext } from './export-header';
import { formatTimeOfDay, type TranscriptLine } from './transcript-lines';

/** The gutter of each line source, in the `c:`/`s:` convention of hand-written transcripts. */
export const TEXT_GUTTERS = {
  server: 's: ',
  maskedServer: 's (credential masked): ',
  client: 'c: ',
  exact: 'c (exact bytes): ',
  note: '-- ',
  tls: '== ',
} as const;

/** Returns the gutter that starts a line of a text export. */
export function textGutter(line: TranscriptLine): string {
  if (line.source === 'client' && line.exact === true) {
    return TEXT_GUTTERS.exact;
  }
  if (line.source === 'server' && line.masked === true) {
    return TEXT_GUTTERS.maskedServer;
  }
  return TEXT_GUTTERS[line.source];
}

/** Formats one line of a text export, with its UTC time in front when asked for. */
export function formatTextLine(line: TranscriptLine, timestamps: boolean): string {
  const time = timestamps ? `${formatTimeOfDay(line.time)} ` : '';
  return `${time}${textGutter(line)}${line.text}`;
}

/**
 * Renders a transcript as plain text for a ticket: a `#` header, then one line per protocol
 * line. Every line ends with LF, so the file reads the same on every system.
 */
export function renderTextTranscript(
  lines: readonly TranscriptLine[],
  context: ExportContext,
  timestamps: boolean,
): string {
  const header = headerLines(context).map((line) => `# ${line}`);
  const body = lines.map((line) => formatTextLine(line, timestamps));
  return [...header, '', ...body, ''].join('\n');
}
