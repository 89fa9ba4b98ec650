import { escapeCodePoint, formatInvalidByte } from '../display/escape';
import { Utf8StreamDecoder } from '../display/utf8-decoder';
import { decodeBase64 } from '../encoding/base64';

/** A server challenge decoded for people: the text with every control byte made visible. */
export interface DecodedChallenge {
  /** The decoded text; control bytes appear as `^A`, invalid UTF-8 bytes as `<9B>`. */
  readonly text: string;
  /** True when the bytes are valid UTF-8 without control characters other than TAB. */
  readonly printable: boolean;
}

/**
 * Renders bytes as text that is safe to show: UTF-8 where valid, caret notation for C0 controls
 * (so the NUL separators of PLAIN read `^@`), and `<XX>` for bytes that are not UTF-8.
 */
export function bytesToVisibleText(bytes: Uint8Array): DecodedChallenge {
  let text = '';
  let printable = true;
  const decoder = new Utf8StreamDecoder();
  const sink = {
    codePoint: (codePoint: number) => {
      const escaped = escapeCodePoint(codePoint);
      if (escaped !== undefined) {
        printable = false;
      }
      text += escaped ?? String.fromCodePoint(codePoint);
    },
    invalidByte: (byte: number) => {
      printable = false;
      text += formatInvalidByte(byte);
    },
  };
  for (const byte of bytes) {
    decoder.push(byte, sink);
  }
  decoder.flush(sink);
  return { text, printable };
}

/**
 * Decodes the base64 text of a `334` or `+` challenge. Returns null when it is not strict
 * base64, which is what sets a literal go-ahead such as `+ Ready` apart.
 */
export function decodeChallenge(base64: string): DecodedChallenge | null {
  const decoded = decodeBase64(base64.trim());
  return decoded.ok ? bytesToVisibleText(decoded.bytes) : null;
}

/**
 * Returns the base64 of a challenge pasted from the terminal, without the `S: ` gutter, the
 * `334 ` or `+ ` in front and the `[decoded: …]` note after it. Base64 contains no spaces, so
 * a prefix followed by a space cannot be part of the challenge. Other text is returned trimmed.
 */
export function challengeFromPaste(text: string): string {
  return text
    .trim()
    .replace(/\s+\[decoded: .*$/s, '')
    .replace(/^S: /, '')
    .replace(/^(?:334(?:[ -]|$)|\+(?: |$))/, '')
    .trim();
}

/** Maximum length of a challenge line that the terminal annotates; real ones are under 1 KiB. */
export const MAX_ANNOTATED_CHALLENGE_CHARS = 8 * 1024;

/**
 * Returns the note the terminal shows beside a challenge line: SMTP `334 …`, or IMAP and POP3
 * `+ …`. `line` is the whole line as received. Returns null for other lines, and for a `+`
 * line whose text does not decode to printable text, because IMAP also uses `+` for a literal
 * go-ahead with free text (`+ Ready`).
 */
export function challengeAnnotation(protocol: string, line: string): string | null {
  let base64: string;
  if (protocol === 'smtp') {
    const match = /^334(?:[ -](.*))?$/s.exec(line);
    if (match === null) {
      return null;
    }
    base64 = match[1] ?? '';
  } else if (protocol === 'imap' || protocol === 'pop3') {
    const match = /^\+(?: (.*))?$/s.exec(line);
    if (match === null || (match[1] ?? '').trim() === '') {
      return null;
    }
    base64 = match[1] ?? '';
  } else {
    return null;
  }
  if (base64.trim() === '') {
    return 'decoded: empty challenge';
  }
  const decoded = decodeChallenge(base64);
  if (decoded === null || (protocol !== 'smtp' && !decoded.printable)) {
    return null;
  }
  return `decoded: ${decoded.text}`;
}
