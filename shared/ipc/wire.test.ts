import { describe, expect, it } from 'vitest';

import { decodeWireMessage, encodeWireMessage, type EventMessage } from './wire';

describe('wire codec', () => {
  it('round-trips byte arrays inside events', () => {
    const bytes = Uint8Array.from([0, 1, 0x1b, 0x9b, 0xff, 13, 10]);
    const message: Extract<EventMessage, { channel: 'session:output' }> = {
      type: 'event',
      channel: 'session:output',
      payload: { sessionId: 's1', entries: [{ kind: 'server', bytes }], serverBytes: bytes.length },
    };
    const decoded = decodeWireMessage(encodeWireMessage(message)) as typeof message;
    const entry = decoded.payload.entries[0];
    expect(entry?.kind === 'server' && Array.from(entry.bytes)).toEqual(Array.from(bytes));
  });

  it('rejects malformed byte fields', () => {
    expect(() => decodeWireMessage('{"$bytes": 5}')).toThrow(SyntaxError);
    expect(() => decodeWireMessage('{"$bytes": "@@@@"}')).toThrow(SyntaxError);
    expect(() => decodeWireMessage('not json')).toThrow(SyntaxError);
  });
});
