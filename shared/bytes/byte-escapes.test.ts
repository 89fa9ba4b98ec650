import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import { escapeBytes, hexDumpLines, parseByteEscapes, tokenizeBytes } from './byte-escapes';

const bytes = (...values: number[]) => Uint8Array.from(values);

describe('parseByteEscapes', () => {
  it.each([
    ['EHLO x\\r\\n', [...encodeUtf8('EHLO x'), 0x0d, 0x0a]],
    ['EHLO x\\n', [...encodeUtf8('EHLO x'), 0x0a]],
    ['a\\0b', [0x61, 0x00, 0x62]],
    ['\\x00\\xff\\x7F', [0x00, 0xff, 0x7f]],
    ['tab\\there', [...encodeUtf8('tab'), 0x09, ...encodeUtf8('here')]],
    ['back\\\\slash', [...encodeUtf8('back'), 0x5c, ...encodeUtf8('slash')]],
    ['ü€😀', [...encodeUtf8('ü€😀')]],
    ['', []],
  ])('reads %j', (text, expected) => {
    const parsed = parseByteEscapes(text);
    expect(parsed.ok && Array.from(parsed.bytes)).toEqual(expected);
  });

  it.each([
    ['lone backslash\\', 14],
    ['bad \\q escape', 4],
    ['short \\x4', 6],
    ['not hex \\xzz', 8],
  ])('rejects %j at its offset', (text, offset) => {
    const parsed = parseByteEscapes(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.offset).toBe(offset);
  });

  it('reads back every byte value that escapeBytes writes', () => {
    const all = Uint8Array.from({ length: 256 }, (_, index) => index);
    const parsed = parseByteEscapes(escapeBytes(all));
    expect(parsed.ok && Array.from(parsed.bytes)).toEqual(Array.from(all));
  });
});

describe('tokenizeBytes', () => {
  it('tells a bare LF from one after CR', () => {
    expect(tokenizeBytes(encodeUtf8('a\r\nb\nc'))).toEqual([
      { kind: 'text', text: 'a' },
      { kind: 'cr', text: '\\r' },
      { kind: 'lf', text: '\\n' },
      { kind: 'text', text: 'b' },
      { kind: 'bare-lf', text: '\\n' },
      { kind: 'text', text: 'c' },
    ]);
  });

  it('keeps a CR from the previous read', () => {
    expect(tokenizeBytes(bytes(0x0a), 0x0d)).toEqual([{ kind: 'lf', text: '\\n' }]);
    expect(tokenizeBytes(bytes(0x0a), 0x41)).toEqual([{ kind: 'bare-lf', text: '\\n' }]);
  });

  it('marks NUL, controls and non-ASCII bytes', () => {
    expect(tokenizeBytes(bytes(0x00, 0x1b, 0xc3, 0xbc))).toEqual([
      { kind: 'nul', text: '\\0' },
      { kind: 'control', text: '\\x1b' },
      { kind: 'non-ascii', text: '\\xc3\\xbc' },
    ]);
  });
});

describe('hexDumpLines', () => {
  it('lays out sixteen bytes per line like s_client -debug', () => {
    const lines = hexDumpLines(encodeUtf8('220 mail.example.test ESMTP\r\n'));
    expect(lines).toEqual([
      '0000 - 32 32 30 20 6d 61 69 6c-2e 65 78 61 6d 70 6c 65   220 mail.example',
      '0010 - 2e 74 65 73 74 20 45 53-4d 54 50 0d 0a            .test ESMTP..',
    ]);
  });

  it('prints nothing for no bytes', () => {
    expect(hexDumpLines(new Uint8Array())).toEqual([]);
  });
});
