import { SECRET_MASK } from '../protocol/secrets';
import type { TranscriptLoss, TranscriptSessionInfo } from '../transcript';

/** What every export states about its session before the lines. */
export interface ExportContext {
  readonly session: TranscriptSessionInfo;
  /** Time of the first record, or of the export when the transcript is empty. */
  readonly startedAt: number;
  readonly exportedAt: number;
  readonly loss: TranscriptLoss;
  /** Real credentials in the export; 0 when they are masked. */
  readonly credentialCount: number;
  /** Server reads in the export in which a credential the client sent is masked. */
  readonly maskedServerReads: number;
}

const SECURITY_NAMES = { plain: 'plain', tls: 'implicit TLS', starttls: 'STARTTLS' } as const;

/** The header lines shared by the text and HTML exports, without comment markers. */
export function headerLines(context: ExportContext): string[] {
  const { session, loss } = context;
  const lines = [
    `Mailtap transcript of ${session.protocol.toUpperCase()} ${session.host}:${session.port} (${SECURITY_NAMES[session.security]})`,
    `Started ${new Date(context.startedAt).toISOString()}, exported ${new Date(context.exportedAt).toISOString()}; times are UTC.`,
    'Lines: "s:" server, "c:" client, "--" console note, "==" TLS handshake finished.',
  ];
  if (context.credentialCount > 0) {
    lines.push(
      `WARNING: this transcript contains ${context.credentialCount} credential line(s) in clear text. Do not share it.`,
    );
  } else {
    lines.push(`Credentials are masked as ${SECRET_MASK}.`);
  }
  if (context.maskedServerReads > 0) {
    lines.push(
      `The server repeated a credential the client sent in ${context.maskedServerReads} read(s): those server bytes are not exact, and their lines start "s (credential masked):".`,
    );
  }
  if (loss.droppedRecords > 0) {
    lines.push(
      `${loss.droppedRecords} later record(s) of ${loss.droppedBytes} bytes are missing: the transcript reached its size cap.`,
    );
  }
  return lines;
}

/**
 * Builds a file name such as `mailtap-smtp-mail.example.com-587-20260101T120000Z.txt`. A file
 * with credentials in clear text ends in `-with-credentials`, so it is easy to spot in a folder.
 */
export function exportFileName(context: ExportContext, extension: string): string {
  const stamp = new Date(context.exportedAt)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const host = context.session.host.replace(/[^A-Za-z0-9.-]/g, '_');
  const marker = context.credentialCount > 0 ? '-with-credentials' : '';
  return `mailtap-${context.session.protocol}-${host}-${context.session.port}-${stamp}${marker}.${extension}`;
}
