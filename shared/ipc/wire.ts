import { decodeBase64, encodeBase64 } from '../encoding/base64';
import type { EventChannel, EventMap, Envelope, RequestChannel } from './contract';

/**
 * Messages of browser mode's WebSocket. They carry the same channels and payloads as Electron's
 * IPC; byte arrays travel as `{"$bytes": "<base64>"}` because JSON has no binary type.
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

const BYTES_KEY = '$bytes';

export function encodeWireMessage(message: ClientMessage | ServerMessage): string {
  return JSON.stringify(message, (_key, value: unknown) =>
    value instanceof Uint8Array ? { [BYTES_KEY]: encodeBase64(value) } : value,
  );
}

/** Parses a wire message, restoring byte arrays. Throws SyntaxError on malformed JSON or bytes. */
export function decodeWireMessage(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value === 'object' && value !== null && BYTES_KEY in value) {
      const encoded = (value as Record<string, unknown>)[BYTES_KEY];
      if (typeof encoded !== 'string') {
        throw new SyntaxError(`"${BYTES_KEY}" must hold a base64 string`);
      }
      const decoded = decodeBase64(encoded);
      if (!decoded.ok) {
        throw new SyntaxError(
          `"${BYTES_KEY}" holds invalid base64 at offset ${decoded.problem.offset}`,
        );
      }
      return decoded.bytes;
    }
    return value;
  });
}
