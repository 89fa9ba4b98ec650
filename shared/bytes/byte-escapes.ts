/**
 * The backslash notation of "send exact bytes" and of the byte view: `\r`, `\n`, `\t`, `\0`,
 * `\\` and `\xHH`. Parsing and formatting are inverse, so bytes shown in the byte view can be
 * pasted back into the input and send the same bytes.
 */

import { encodeUtf8 } from '../encoding/base64';

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;
const NUL = 0x00;
const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;
const LAST_PRINTABLE = 0x7e;

const NAMED_ESCAPES: Readonly<Record<string, number>> = {
  r: CR,
  n: LF,
  t: TAB,
  '0': NUL,
  '\\': BACKSLASH,
};

export type ParsedBytes =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly problem: string; readonly offset: number };

/**
 * Turns text with backslash escapes into bytes. Characters outside the escapes are encoded as
 * UTF-8. An unknown escape is an error rather than a literal backslash, so a typo never sends
 * something other than what the user meant.
 */
export function parseByteEscapes(text: string): ParsedBytes {
  const bytes: number[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char !== '\\') {
      const codePoint = text.codePointAt(index)!;
      const width = codePoint > 0xffff ? 2 : 1;
      bytes.push(...encodeUtf8(text.slice(index, index + width)));
      index += width;
      continue;
    }

    const name = text[index + 1];
    if (name === undefined) {
      return {
        ok: false,
        problem: 'The text ends with a lone backslash; write \\\\ for one backslash.',
        offset: index,
      };
    }
    const named = NAMED_ESCAPES[name];
    if (named !== undefined) {
      bytes.push(named);
      index += 2;
      continue;
    }
    if (name === 'x') {
      const hex = text.slice(index + 2, index + 4);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) {
        return {
          ok: false,
          problem: `\\x must be followed by two hex digits, not "${hex}".`,
          offset: index,
        };
      }
      bytes.push(Number.parseInt(hex, 16));
      index += 4;
      continue;
    }
    return {
      ok: false,
      problem: `Unknown escape \\${name}; use \\r, \\n, \\t, \\0, \\\\ or \\xHH.`,
      offset: index,
    };
  }
  return { ok: true, bytes: Uint8Array.from(bytes) };
}

/** How the byte view shows one run of bytes. */
export type ByteTokenKind = 'text' | 'cr' | 'lf' | 'bare-lf' | 'nul' | 'control' | 'non-ascii';

export interface ByteToken {
  readonly kind: ByteTokenKind;
  readonly text: string;
}

function tokenOf(byte: number, previous: number | null): ByteToken {
  if (byte === CR) {
    return { kind: 'cr', text: '\\r' };
  }
  if (byte === LF) {
    return previous === CR ? { kind: 'lf', text: '\\n' } : { kind: 'bare-lf', text: '\\n' };
  }
  if (byte === TAB) {
    return { kind: 'control', text: '\\t' };
  }
  if (byte === NUL) {
    return { kind: 'nul', text: '\\0' };
  }
  if (byte === BACKSLASH) {
    return { kind: 'text', text: '\\\\' };
  }
  if (byte >= FIRST_PRINTABLE && byte <= LAST_PRINTABLE) {
    return { kind: 'text', text: String.fromCharCode(byte) };
  }
  const hex = `\\x${byte.toString(16).padStart(2, '0')}`;
  return { kind: byte > LAST_PRINTABLE ? 'non-ascii' : 'control', text: hex };
}

/**
 * Splits bytes into display tokens in the backslash notation, merging neighbouring tokens of the
 * same kind. `previousByte` is the byte before `bytes` in the same direction, so that a CR at the
 * end of one read and the LF at the start of the next are not taken for a bare LF.
 */
export function tokenizeBytes(bytes: Uint8Array, previousByte: number | null = null): ByteToken[] {
  const tokens: ByteToken[] = [];
  let previous = previousByte;
  for (const byte of bytes) {
    const token = tokenOf(byte, previous);
    previous = byte;
    const last = tokens.at(-1);
    if (last !== undefined && last.kind === token.kind && token.kind !== 'bare-lf') {
      tokens[tokens.length - 1] = { kind: last.kind, text: last.text + token.text };
    } else {
      tokens.push(token);
    }
  }
  return tokens;
}

/** Formats bytes in the backslash notation that `parseByteEscapes` reads back. */
export function escapeBytes(bytes: Uint8Array): string {
  return tokenizeBytes(bytes)
    .map((token) => token.text)
    .join('');
}

/** Bytes per hex dump line, as in OpenSSL's BIO_dump. */
export const HEX_DUMP_WIDTH = 16;

/**
 * Formats bytes as a hex dump in the layout of `openssl s_client -debug`: a four-digit hex
 * offset, sixteen bytes with a dash after the eighth, then the printable ASCII characters with
 * a dot for every other byte.
 */
export function hexDumpLines(bytes: Uint8Array): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += HEX_DUMP_WIDTH) {
    const row = bytes.subarray(offset, offset + HEX_DUMP_WIDTH);
    let hex = '';
    let ascii = '';
    for (let column = 0; column < HEX_DUMP_WIDTH; column++) {
      const byte = row[column];
      if (byte === undefined) {
        hex += '   ';
        continue;
      }
      hex += byte.toString(16).padStart(2, '0') + (column === 7 ? '-' : ' ');
      ascii += byte >= FIRST_PRINTABLE && byte <= LAST_PRINTABLE ? String.fromCharCode(byte) : '.';
    }
    lines.push(`${offset.toString(16).padStart(4, '0')} - ${hex}  ${ascii}`);
  }
  return lines;
}
