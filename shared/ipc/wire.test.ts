import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import { decodeWireMessage, encodeWireMessage, type EventMessage } from './wire';

function frame(version: number, header: string, blobs: number[] = []): Uint8Array {
  const headerBytes = encodeUtf8(header);
  const length = headerBytes.length;
  return Uint8Array.from([
    version,
    length >>> 24,
    (length >>> 16) & 255,
    (length >>> 8) & 255,
    length & 255,
    ...headerBytes,
    ...blobs,
  ]);
}

describe('wire codec', () => {
  it('sends messages without bytes as JSON text', () => {
    const encoded = encodeWireMessage({
      type: 'request',
      id: 1,
      channel: 'app:defaults',
      params: null,
    });
    expect(typeof encoded).toBe('string');
    expect(decodeWireMessage(encoded)).toEqual({
      type: 'request',
      id: 1,
      channel: 'app:defaults',
      params: null,
    });
  });

  it('round-trips byte arrays in a binary frame', () => {
    const first = Uint8Array.from([0, 1, 0x1b, 0x9b, 0xff, 13, 10]);
    const second = Uint8Array.from([0x41]);
    const message: Extract<EventMessage, { channel: 'session:output' }> = {
      type: 'event',
      channel: 'session:output',
      payload: {
        sessionId: 'sé',
        entries: [
          { kind: 'server', bytes: first },
          { kind: 'note', level: 'info', text: 'ünïcode ✓' },
          { kind: 'server', bytes: second },
        ],
        serverBytes: first.length + second.length,
      },
    };
    const encoded = encodeWireMessage(message);
    expect(encoded).toBeInstanceOf(Uint8Array);
    const decoded = decodeWireMessage(encoded) as typeof message;
    expect(decoded.payload.sessionId).toBe('sé');
    const entries = decoded.payload.entries;
    expect(entries[0]?.kind === 'server' && Array.from(entries[0].bytes)).toEqual(
      Array.from(first),
    );
    expect(entries[1]?.kind === 'note' && entries[1].text).toBe('ünïcode ✓');
    expect(entries[2]?.kind === 'server' && Array.from(entries[2].bytes)).toEqual([0x41]);
  });

  it.each([
    ['a blob placeholder in a text frame', '{"$blob":[0,1]}'],
    ['malformed JSON', 'not json'],
    ['an unknown frame version', frame(2, '{}')],
    ['a header longer than the frame', Uint8Array.from([1, 0, 0, 1, 0, 123, 125])],
    ['a blob past the end', frame(1, '{"b":{"$blob":[0,5]}}', [1, 2, 3])],
    ['a negative blob offset', frame(1, '{"b":{"$blob":[-1,1]}}', [1])],
    ['a blob placeholder without a range', frame(1, '{"b":{"$blob":"x"}}')],
    ['invalid UTF-8 in the header', Uint8Array.from([1, 0, 0, 0, 2, 0xc3, 0x28])],
    ['a frame shorter than its prefix', Uint8Array.from([1, 0])],
  ])('rejects %s', (_name, data) => {
    expect(() => decodeWireMessage(data)).toThrow(SyntaxError);
  });
});
