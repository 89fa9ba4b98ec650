import type { ProtocolId } from '../../shared/presets';
import { SECRET_MASK } from '../../shared/protocol/secrets';
import type { ProtocolDriver, StarttlsCommand } from './protocols/driver';
import { concatBytes } from '../../shared/bytes/byte-arrays';

const LF = 0x0a;
const CR = 0x0d;

/** A piece of an exact-bytes send: one line with its terminator, or an unterminated rest. */
export interface ExactSegment {
  readonly bytes: Uint8Array;
  /** The segment's text without its CR/LF terminator, for the protocol driver. */
  readonly text: string;
  /** The segment's LF or CRLF; empty for an unterminated rest. */
  readonly terminator: Uint8Array;
  /** False for the last piece when the bytes do not end with LF: the server has no full line yet. */
  readonly complete: boolean;
}

/** An IMAP line that ends by announcing a literal: `{n}` or `{n+}`, before its CRLF or LF. */
const LITERAL_ANNOUNCEMENT = /\{(\d{1,15})\+?\}\r?\n$/;

const decoder = new TextDecoder('utf-8', { fatal: false });

function terminatorStart(bytes: Uint8Array): number {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === LF) {
    end--;
    if (end > 0 && bytes[end - 1] === CR) {
      end--;
    }
  }
  return end;
}

/**
 * Splits bytes the user sends exactly into the lines a server will read, so that each can be
 * masked and tracked like a typed line. A line ends at LF, with or without CR. For IMAP, the
 * bytes announced by a literal belong to the line they start whatever they contain, because the
 * server reads them as data; that matches how the driver sees literal data typed in the command
 * box: on one line with the rest of the command.
 */
export function splitExactBytes(bytes: Uint8Array, protocol: ProtocolId): ExactSegment[] {
  const segments: ExactSegment[] = [];
  let start = 0;
  let literalBytes = 0;
  while (start < bytes.length) {
    // Literal data may contain LF; the line it belongs to ends at the first LF after it.
    const searchFrom = Math.min(start + literalBytes, bytes.length);
    const newline = bytes.indexOf(LF, searchFrom);
    const end = newline < 0 ? bytes.length : newline + 1;
    const piece = bytes.subarray(start, end);
    const complete = piece.at(-1) === LF || end < bytes.length;
    const textEnd = terminatorStart(piece);
    segments.push({
      bytes: piece,
      text: decoder.decode(piece.subarray(0, textEnd)),
      terminator: piece.subarray(textEnd),
      complete,
    });

    if (protocol === 'imap' && complete) {
      const tail = decoder.decode(piece.subarray(Math.max(0, piece.length - 24)));
      const announced = LITERAL_ANNOUNCEMENT.exec(tail);
      literalBytes = announced === null ? 0 : Number(announced[1]);
    }
    start = end;
  }
  return segments;
}

export interface MaskedExactBytes {
  /** The bytes as the terminal and transcript show them: sent bytes with credentials masked. */
  readonly shown: Uint8Array;
  readonly masked: boolean;
  /** The text of a line left without LF, to be continued by the next send. */
  readonly unfinishedLine: string;
  /** STARTTLS commands among the complete lines, in order. */
  readonly starttls: readonly StarttlsCommand[];
  /** Each line that carried a credential, with its display form, for echo masking. */
  readonly maskedLines: readonly { readonly text: string; readonly display: string }[];
}

/**
 * Masks credentials in an exact-bytes send and tells the driver about every complete line, as
 * if each had been typed. `unfinishedLine` is the start of a line an earlier send left open, so
 * that `AUTH PLAIN ` and its payload sent separately are still recognised as one command. With
 * `track` false the driver is not updated, for a check before the bytes are sent.
 */
export function maskExactBytes(
  bytes: Uint8Array,
  protocol: ProtocolId,
  driver: ProtocolDriver,
  unfinishedLine: string,
  track = true,
): MaskedExactBytes {
  const encoder = new TextEncoder();
  const shown: Uint8Array[] = [];
  const starttls: StarttlsCommand[] = [];
  const maskedLines: { text: string; display: string }[] = [];
  let open = unfinishedLine;
  for (const segment of splitExactBytes(bytes, protocol)) {
    const line = open + segment.text;
    const prepared = driver.prepare(line);
    if (prepared.display === line) {
      shown.push(segment.bytes);
    } else {
      maskedLines.push({ text: line, display: prepared.display });
      // Only this segment's part of the line is shown here, because its start went out earlier.
      const display = prepared.display.startsWith(open)
        ? prepared.display.slice(open.length)
        : SECRET_MASK;
      shown.push(encoder.encode(display), segment.terminator);
    }
    if (segment.complete) {
      open = '';
      if (track) {
        driver.noteSent(line);
      }
      if (prepared.starttls !== null) {
        starttls.push(prepared.starttls);
      }
    } else {
      open = line;
    }
  }
  return {
    shown: concatBytes(shown),
    masked: maskedLines.length > 0,
    unfinishedLine: open,
    starttls,
    maskedLines,
  };
}
