import { LineBuffer } from './line-buffer';

export type ImapStatus = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

/**
 * One complete IMAP server response (RFC 9051, section 7): a tagged completion, an untagged
 * `*` response, or a `+` continuation request. Literals are included in `raw` and `text`.
 */
export interface ImapResponse {
  readonly protocol: 'imap';
  readonly kind: 'tagged' | 'untagged' | 'continuation';
  /** The tag of a tagged response. */
  readonly tag: string | null;
  /** The status word of a status response (tagged, or untagged OK/NO/BAD/PREAUTH/BYE). */
  readonly status: ImapStatus | null;
  /** The response code inside square brackets, e.g. `CAPABILITY IMAP4rev1 STARTTLS`. */
  readonly code: string | null;
  /** Everything after the tag (or `*`, or `+`), literals included. */
  readonly text: string;
  /** The response as received, without its final CRLF; a literal follows its announcing line's CRLF. */
  readonly raw: string;
  /** Number of literals `{n}` or `{n+}` inside the response. */
  readonly literalCount: number;
  readonly bareLf: boolean;
}

const STATUS_WORDS: readonly string[] = ['OK', 'NO', 'BAD', 'PREAUTH', 'BYE'];
/** A literal announcement at the end of a line: `{123}` or the non-synchronising `{123+}`. */
const LITERAL_AT_END = /\{(\d{1,10})\+?\}$/;
/** Literals larger than this are treated as text; the terminal still shows every byte. */
export const MAX_TRACKED_LITERAL_BYTES = 16 * 1024 * 1024;
/** Bytes of one response kept for parsing, literals included; a FETCH of many literals stops here. */
export const MAX_TRACKED_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Assembles IMAP responses from server bytes, following literals so their content is not misread. */
export class ImapResponseReader {
  private readonly buffer: LineBuffer;
  /** The response so far: lines, then CRLF and the literal bytes after each literal announcement. */
  private raw = '';
  private literalCount = 0;
  private bareLf = false;

  /** `maxLineBytes` caps each tracked line; the default is MAX_TRACKED_LINE_BYTES. */
  constructor(maxLineBytes?: number) {
    this.buffer = new LineBuffer(maxLineBytes);
  }

  get bufferedByteCount(): number {
    return this.buffer.bufferedByteCount + this.raw.length;
  }

  push(chunk: Uint8Array): ImapResponse[] {
    this.buffer.push(chunk);
    const responses: ImapResponse[] = [];
    for (;;) {
      if (this.buffer.readingLiteral) {
        const literal = this.buffer.takeLiteral();
        if (literal === null) {
          break;
        }
        this.append(literal);
        continue;
      }
      const line = this.buffer.takeLine();
      if (line === null) {
        break;
      }
      if (line.ending === 'lf') {
        this.bareLf = true;
      }
      this.append(line.text);
      const literal = LITERAL_AT_END.exec(line.text);
      const size = literal === null ? 0 : Number(literal[1]);
      if (literal !== null && size > 0 && size <= MAX_TRACKED_LITERAL_BYTES) {
        this.literalCount++;
        this.append('\r\n');
        this.buffer.expectLiteral(size);
        continue;
      }
      responses.push(this.finish());
    }
    return responses;
  }

  /** Keeps at most MAX_TRACKED_RESPONSE_BYTES of one response; the rest is only counted. */
  private append(part: string): void {
    const room = MAX_TRACKED_RESPONSE_BYTES - this.raw.length;
    if (room > 0) {
      this.raw += part.length > room ? part.slice(0, room) : part;
    }
  }

  private finish(): ImapResponse {
    const response = parseImapResponse(this.raw, this.literalCount, this.bareLf);
    this.raw = '';
    this.literalCount = 0;
    this.bareLf = false;
    return response;
  }
}

function parseImapResponse(raw: string, literalCount: number, bareLf: boolean): ImapResponse {
  const base = { protocol: 'imap' as const, raw, literalCount, bareLf };
  if (raw.startsWith('+')) {
    return {
      ...base,
      kind: 'continuation',
      tag: null,
      status: null,
      code: null,
      text: raw.slice(1).trimStart(),
    };
  }
  const space = raw.indexOf(' ');
  const first = space < 0 ? raw : raw.slice(0, space);
  const rest = space < 0 ? '' : raw.slice(space + 1);
  const kind = first === '*' ? 'untagged' : 'tagged';
  const statusMatch = /^([A-Za-z]+)(?:\s+|$)(.*)$/s.exec(rest);
  const word = statusMatch?.[1]?.toUpperCase() ?? '';
  const status = STATUS_WORDS.includes(word) ? (word as ImapStatus) : null;
  const afterStatus = status === null ? rest : (statusMatch?.[2] ?? '');
  const codeMatch = status === null ? null : /^\[([^\]]*)\]/.exec(afterStatus);
  return {
    ...base,
    kind,
    tag: kind === 'tagged' ? first : null,
    status,
    code: codeMatch?.[1] ?? null,
    text: rest,
  };
}

/**
 * Returns the capability list carried by a response, from `* CAPABILITY …` or from a
 * `[CAPABILITY …]` response code, upper-cased; null when the response carries none.
 */
export function parseImapCapabilities(response: ImapResponse): string[] | null {
  let list: string | null = null;
  if (response.kind === 'untagged' && /^CAPABILITY(\s|$)/i.test(response.text)) {
    list = response.text.slice('CAPABILITY'.length);
  } else if (response.code !== null && /^CAPABILITY(\s|$)/i.test(response.code)) {
    list = response.code.slice('CAPABILITY'.length);
  }
  if (list === null) {
    return null;
  }
  return list
    .split(/\s+/)
    .filter((word) => word !== '')
    .map((word) => word.toUpperCase());
}

/** Returns the tag of a typed `tag STARTTLS` command, or null when the line is not one. */
export function imapStarttlsTag(line: string): string | null {
  const match = /^\s*([^\s*+]+)\s+STARTTLS\s*$/i.exec(line);
  return match?.[1] ?? null;
}

/** Returns the tag and command name of a client line, e.g. `a1` and `LOGIN`. */
export function splitImapCommand(line: string): { tag: string; command: string } | null {
  const match = /^\s*(\S+)\s+([A-Za-z]+)/.exec(line);
  if (match === null) {
    return null;
  }
  return { tag: match[1] ?? '', command: (match[2] ?? '').toUpperCase() };
}

export function imapResponseSummary(response: ImapResponse): string {
  const firstLine = response.raw.split('\r\n')[0] ?? '';
  return firstLine;
}
