import { Utf8StreamDecoder } from '../display/utf8-decoder';
import { decodeBase64, encodeBase64, encodeUtf8 } from '../encoding/base64';

/** A run of decoded bytes: plain text, or one control or invalid byte written as an escape. */
export interface ByteSegment {
  readonly kind: 'text' | 'escape';
  readonly text: string;
}

/** One field of a recognised SASL message, e.g. the PLAIN password. */
export interface MessageField {
  readonly label: string;
  readonly segments: readonly ByteSegment[];
  /** True for passwords and tokens, which the inspector hides until asked. */
  readonly secret: boolean;
}

/** Something a person should know about the pasted string, worst first. */
export interface Finding {
  readonly level: 'error' | 'warning' | 'info';
  readonly text: string;
}

export interface Base64Inspection {
  readonly findings: readonly Finding[];
  /** The decoded bytes, or null when the text is not base64 even after joining lines. */
  readonly bytes: Uint8Array | null;
  readonly segments: readonly ByteSegment[];
  /** The SASL message the bytes look like, e.g. `PLAIN`, or null. */
  readonly message: { readonly name: string; readonly fields: readonly MessageField[] } | null;
}

const NAMED_ESCAPES: Readonly<Record<number, string>> = {
  0x00: '\\0',
  0x09: '\\t',
  0x0a: '\\n',
  0x0d: '\\r',
};

/** Prefixes people paste along with the base64: the command or the challenge code. */
const PASTED_PREFIX = /^(?:AUTH\s+\S+\s+|\S+\s+AUTHENTICATE\s+\S+\s+|334[ -]|\+\s)/i;

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}

/**
 * Splits bytes into readable segments: valid UTF-8 text, and escapes for everything else. NUL
 * reads `\0` (the PLAIN separator), ^A reads `^A` (the XOAUTH2 separator), other controls and
 * bytes that are not UTF-8 read `\xHH`.
 */
export function segmentBytes(bytes: Uint8Array): ByteSegment[] {
  const segments: ByteSegment[] = [];
  const pushText = (text: string): void => {
    const last = segments.at(-1);
    if (last?.kind === 'text') {
      segments[segments.length - 1] = { kind: 'text', text: last.text + text };
    } else {
      segments.push({ kind: 'text', text });
    }
  };
  const pushEscape = (byte: number): void => {
    const text = NAMED_ESCAPES[byte] ?? (byte === 0x01 ? '^A' : `\\x${hex(byte)}`);
    segments.push({ kind: 'escape', text });
  };
  const decoder = new Utf8StreamDecoder();
  const sink = {
    codePoint: (codePoint: number) => {
      if (codePoint < 0x20 || codePoint === 0x7f || (codePoint >= 0x80 && codePoint < 0xa0)) {
        if (codePoint < 0x80) {
          pushEscape(codePoint);
        } else {
          encodeUtf8(String.fromCodePoint(codePoint)).forEach(pushEscape);
        }
      } else {
        pushText(String.fromCodePoint(codePoint));
      }
    },
    invalidByte: pushEscape,
  };
  for (const byte of bytes) {
    decoder.push(byte, sink);
  }
  decoder.flush(sink);
  return segments;
}

function splitAt(bytes: Uint8Array, separator: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let start = 0;
  for (let index = 0; index <= bytes.length; index++) {
    if (index === bytes.length || bytes[index] === separator) {
      parts.push(bytes.subarray(start, index));
      start = index + 1;
    }
  }
  return parts;
}

function indexOfPair(bytes: Uint8Array, first: number, second: number): number {
  for (let index = 0; index + 1 < bytes.length; index++) {
    if (bytes[index] === first && bytes[index + 1] === second) {
      return index;
    }
  }
  return -1;
}

function latin1(bytes: Uint8Array): string {
  return String.fromCharCode(...bytes.subarray(0, 64));
}

/** Recognises PLAIN, XOAUTH2, OAUTHBEARER and SCRAM client messages and reports their flaws. */
function recognise(bytes: Uint8Array, findings: Finding[]): Base64Inspection['message'] {
  const nulCount = bytes.filter((byte) => byte === 0).length;
  const start = latin1(bytes);

  if (nulCount === 2) {
    const [authzid, user, password] = splitAt(bytes, 0);
    if (user!.length === 0) {
      findings.push({ level: 'warning', text: 'The user name between the two NULs is empty.' });
    }
    if (authzid!.length > 0) {
      findings.push({
        level: 'info',
        text: 'Text before the first NUL is an authorization identity: the user to act as. Most logins leave it empty, so the message starts with NUL.',
      });
    }
    return {
      name: 'PLAIN',
      fields: [
        { label: 'Authorization identity', segments: segmentBytes(authzid!), secret: false },
        { label: 'User name', segments: segmentBytes(user!), secret: false },
        { label: 'Password', segments: segmentBytes(password!), secret: true },
      ],
    };
  }
  if (nulCount === 1) {
    findings.push({
      level: 'error',
      text: 'Only one NUL: a PLAIN message is [authorization identity] NUL user NUL password, so the leading NUL before the user name is probably missing.',
    });
  }

  if (start.startsWith('user=') && bytes.includes(0x01)) {
    const parts = splitAt(bytes, 0x01);
    if (!(parts.length >= 3 && parts.at(-1)!.length === 0 && parts.at(-2)!.length === 0)) {
      findings.push({ level: 'error', text: 'An XOAUTH2 message must end with two ^A bytes.' });
    }
    return {
      name: 'XOAUTH2',
      fields: parts
        .filter((part) => part.length > 0)
        .map((part) => ({
          label: latin1(part).startsWith('auth=') ? 'Token' : 'User',
          segments: segmentBytes(part),
          secret: latin1(part).startsWith('auth='),
        })),
    };
  }
  if (/^[ny],/.test(start) && bytes.includes(0x01)) {
    const parts = splitAt(bytes, 0x01).filter((part) => part.length > 0);
    return {
      name: 'OAUTHBEARER',
      fields: parts.map((part) => ({
        label: latin1(part).startsWith('auth=') ? 'Token' : 'Field',
        segments: segmentBytes(part),
        secret: latin1(part).startsWith('auth='),
      })),
    };
  }
  if (/^[ny],[^,]*,n=/.test(start)) {
    findings.push({
      level: 'info',
      text: 'This is a SCRAM client-first message: user name and nonce.',
    });
  }
  return null;
}

/**
 * Inspects a pasted base64 string: decodes it with NUL and control bytes visible and recognises
 * SASL messages. It also names the usual mistakes of hand-built AUTH strings: a newline from
 * `echo` without -n, a literal `\0` from shell quoting, a missing NUL, a string wrapped at 76
 * columns.
 */
export function inspectBase64(input: string): Base64Inspection {
  const findings: Finding[] = [];
  let text = input.trim();

  const prefix = PASTED_PREFIX.exec(text)?.[0];
  if (prefix !== undefined) {
    findings.push({ level: 'info', text: `Decoding the part after "${prefix.trim()}".` });
    text = text.slice(prefix.length);
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  if (lines.length > 1) {
    findings.push({
      level: 'error',
      text: `The string is wrapped over ${lines.length} lines; a server reads only the first one. Send it as one line (base64 -w 0).`,
    });
    text = lines.join('');
  }
  if (/\s/.test(text)) {
    findings.push({ level: 'error', text: 'The string contains spaces, which base64 never has.' });
    text = text.replace(/\s+/g, '');
  }

  const decoded = decodeBase64(text);
  if (!decoded.ok) {
    const { reason, offset } = decoded.problem;
    const reasons = {
      'invalid-character': `an invalid character ${JSON.stringify(text[offset] ?? '')} at position ${offset + 1}`,
      'invalid-length': `a length of ${text.length}, which is not a multiple of 4 (missing = padding or a cut-off paste)`,
      'invalid-padding': `padding (=) in the middle, at position ${offset + 1}`,
    };
    findings.unshift({ level: 'error', text: `Not valid base64: ${reasons[reason]}.` });
    return { findings, bytes: null, segments: [], message: null };
  }

  const bytes = decoded.bytes;
  if (bytes.at(-1) === 0x0a) {
    findings.push({
      level: 'error',
      text: 'It ends with a newline (0a), which becomes part of the password: the value was made with echo without -n.',
    });
  }
  if (indexOfPair(bytes, 0x5c, 0x30) >= 0) {
    findings.push({
      level: 'error',
      text: 'It contains a backslash followed by 0 (5c 30) where a NUL byte (00) belongs: the shell or Perl quoting kept "\\0" as two characters.',
    });
  }
  const message = recognise(bytes, findings);
  return { findings, bytes, segments: segmentBytes(bytes), message };
}

/** Formats bytes as lowercase hex pairs separated by spaces. */
export function formatHex(bytes: Uint8Array): string {
  return Array.from(bytes, hex).join(' ');
}

export type EscapedTextResult =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly base64: string }
  | { readonly ok: false; readonly problem: string };

/**
 * Encodes text with explicit escapes as UTF-8 and then base64: `\0` is NUL (always exactly one
 * byte, so `\01` is NUL then "1", unlike an octal escape), `\xHH` a byte, `\n`, `\r`, `\t`, and
 * `\\` a backslash.
 */
export function encodeEscapedText(input: string): EscapedTextResult {
  const bytes: number[] = [];
  for (let index = 0; index < input.length; index++) {
    const char = input[index]!;
    if (char !== '\\') {
      const codePoint = input.codePointAt(index)!;
      const text = String.fromCodePoint(codePoint);
      bytes.push(...encodeUtf8(text));
      index += text.length - 1;
      continue;
    }
    const next = input[index + 1];
    const simple: Readonly<Record<string, number>> = {
      '0': 0,
      n: 0x0a,
      r: 0x0d,
      t: 0x09,
      '\\': 0x5c,
    };
    if (next !== undefined && simple[next] !== undefined) {
      bytes.push(simple[next]);
      index++;
      continue;
    }
    const hexDigits = input.slice(index + 2, index + 4);
    if (next === 'x' && /^[0-9a-fA-F]{2}$/.test(hexDigits)) {
      bytes.push(Number.parseInt(hexDigits, 16));
      index += 3;
      continue;
    }
    return {
      ok: false,
      problem: `Unknown escape "\\${next ?? ''}" at position ${index + 1}; use \\0, \\xHH, \\n, \\r, \\t or \\\\ for a backslash.`,
    };
  }
  const encoded = Uint8Array.from(bytes);
  return { ok: true, bytes: encoded, base64: encodeBase64(encoded) };
}
