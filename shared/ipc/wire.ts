import { decodeUtf8Strict, encodeUtf8 } from '../encoding/base64';
import type { EventChannel, EventMap, Envelope, RequestChannel } from './contract';

/**
 * Messages of browser mode's WebSocket. They carry the same channels and payloads as Electron's
 * IPC; byte arrays travel in binary frames because JSON has no binary type.
 */
export type ClientMessage = {
  readonly type: 'request';
  readonly id: number;
  readonly channel: RequestChannel;
  readonly params: unknown;
};

/** An event message; the channel decides the payload type. */
export type EventMessage = {
  [C in EventChannel]: {
    readonly type: 'event';
    readonly channel: C;
    readonly payload: EventMap[C];
  };
}[EventChannel];

export type ServerMessage =
  | { readonly type: 'response'; readonly id: number; readonly envelope: Envelope<unknown> }
  | EventMessage;

/** Key of the placeholder that stands for a byte array in a binary frame's JSON header. */
const BLOB_KEY = '$blob';
/** First byte of a binary frame, so the layout can change later without ambiguity. */
const BINARY_FRAME_VERSION = 1;
/** Version byte plus a 32-bit big-endian header length. */
const BINARY_PREFIX_BYTES = 5;

/**
 * Encodes a message. Messages without byte arrays become JSON text frames. A message with byte
 * arrays (server output) becomes one binary frame: a version byte, the length of a JSON header
 * in which each array is replaced by `{"$blob": [offset, length]}`, the header, then the raw
 * bytes. Raw bytes avoid base64, which cost more than everything else on the data path.
 */
export function encodeWireMessage(message: ClientMessage | ServerMessage): string | Uint8Array {
  const blobs: Uint8Array[] = [];
  let blobBytes = 0;
  const header = JSON.stringify(message, (_key, value: unknown) => {
    if (!(value instanceof Uint8Array)) {
      return value;
    }
    blobs.push(value);
    blobBytes += value.length;
    return { [BLOB_KEY]: [blobBytes - value.length, value.length] };
  });
  if (blobs.length === 0) {
    return header;
  }
  const headerBytes = encodeUtf8(header);
  const frame = new Uint8Array(BINARY_PREFIX_BYTES + headerBytes.length + blobBytes);
  frame[0] = BINARY_FRAME_VERSION;
  new DataView(frame.buffer).setUint32(1, headerBytes.length);
  frame.set(headerBytes, BINARY_PREFIX_BYTES);
  let offset = BINARY_PREFIX_BYTES + headerBytes.length;
  for (const blob of blobs) {
    frame.set(blob, offset);
    offset += blob.length;
  }
  return frame;
}

/**
 * Parses a text or binary wire message, restoring byte arrays as views into the frame.
 * Throws SyntaxError on malformed JSON, an unknown frame version or an out-of-range blob.
 */
export function decodeWireMessage(data: string | Uint8Array): unknown {
  if (typeof data === 'string') {
    return JSON.parse(data, (_key, value: unknown) => {
      if (isBlobPlaceholder(value)) {
        throw new SyntaxError(`"${BLOB_KEY}" is only valid in a binary frame`);
      }
      return value;
    });
  }
  if (data.length < BINARY_PREFIX_BYTES || data[0] !== BINARY_FRAME_VERSION) {
    throw new SyntaxError(
      `binary frame of ${data.length} bytes has no version ${BINARY_FRAME_VERSION} prefix`,
    );
  }
  const headerLength = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(1);
  const blobStart = BINARY_PREFIX_BYTES + headerLength;
  if (blobStart > data.length) {
    throw new SyntaxError(`binary frame header of ${headerLength} bytes is longer than the frame`);
  }
  const header = decodeUtf8Strict(data.subarray(BINARY_PREFIX_BYTES, blobStart));
  const blobArea = data.subarray(blobStart);
  return JSON.parse(header, (_key, value: unknown) => {
    if (!isBlobPlaceholder(value)) {
      return value;
    }
    const [offset, length] = (value as Record<string, [number, number]>)[BLOB_KEY]!;
    if (offset + length > blobArea.length) {
      throw new SyntaxError(
        `blob [${offset}, ${length}] lies outside the ${blobArea.length}-byte frame`,
      );
    }
    return blobArea.subarray(offset, offset + length);
  });
}

function isBlobPlaceholder(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !(BLOB_KEY in value)) {
    return false;
  }
  const range = (value as Record<string, unknown>)[BLOB_KEY];
  if (
    !Array.isArray(range) ||
    range.length !== 2 ||
    !range.every((number) => Number.isSafeInteger(number) && (number as number) >= 0)
  ) {
    throw new SyntaxError(`"${BLOB_KEY}" must hold [offset, length]`);
  }
  return true;
}
