import { describe, expect, it } from 'vitest';

import { encodeEscapedText, formatHex, inspectBase64, segmentBytes } from './base64-inspector';

function errors(input: string): string[] {
  return inspectBase64(input)
    .findings.filter((finding) => finding.level === 'error')
    .map((finding) => finding.text);
}

function fieldTexts(input: string): string[] {
  return (inspectBase64(input).message?.fields ?? []).map((field) =>
    field.segments.map((segment) => segment.text).join(''),
  );
}

describe('inspectBase64', () => {
  it('decodes a correct AUTH PLAIN line into its three fields', () => {
    const inspection = inspectBase64('AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==');
    expect(inspection.message?.name).toBe('PLAIN');
    expect(fieldTexts('AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==')).toEqual([
      '',
      'alice@example.com',
      's3cret',
    ]);
    expect(inspection.message?.fields.map((field) => field.secret)).toEqual([false, false, true]);
    expect(inspection.segments.map((segment) => segment.text).join('')).toBe(
      '\\0alice@example.com\\0s3cret',
    );
    expect(errors('AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==')).toEqual([]);
  });

  it('finds the newline that echo without -n adds', () => {
    expect(errors('AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldAo=').join(' ')).toContain('newline (0a)');
    expect(fieldTexts('AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldAo=')[2]).toBe('s3cret\\n');
  });

  it('finds a literal backslash-zero where NUL belongs', () => {
    expect(errors('XDBhbGljZUBleGFtcGxlLmNvbVwwczNjcmV0').join(' ')).toContain('5c 30');
  });

  it('finds the missing leading NUL', () => {
    expect(errors('YWxpY2VAZXhhbXBsZS5jb20AczNjcmV0').join(' ')).toContain('leading NUL');
  });

  it('finds a string wrapped at 76 columns and still decodes it', () => {
    const wrapped =
      'AGFsaWNlLmxvbmduYW1lQHN1YmRvbWFpbi5leGFtcGxlLmNvbQBjb3JyZWN0LWhvcnNlLWJhdHRl\ncnktc3RhcGxlLTIwMjQh';
    expect(errors(wrapped).join(' ')).toContain('wrapped over 2 lines');
    expect(fieldTexts(wrapped)).toEqual([
      '',
      'alice.longname@subdomain.example.com',
      'correct-horse-battery-staple-2024!',
    ]);
  });

  it('shows the ^A separators of XOAUTH2 and marks the token secret', () => {
    const inspection = inspectBase64(
      'dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LkVYQU1QTEUtVE9LRU4BAQ==',
    );
    expect(inspection.message?.name).toBe('XOAUTH2');
    expect(inspection.segments.map((segment) => segment.text).join('')).toBe(
      'user=alice@example.com^Aauth=Bearer ya29.EXAMPLE-TOKEN^A^A',
    );
    expect(inspection.message?.fields.map((field) => field.secret)).toEqual([false, true]);
  });

  it.each([
    ['abc', 'not a multiple of 4'],
    ['ab!d', 'invalid character "!" at position 3'],
    ['a=bc', 'padding (=) in the middle'],
  ])('explains why %j is not base64', (input, expected) => {
    expect(errors(input)[0]).toContain(expected);
    expect(inspectBase64(input).bytes).toBeNull();
  });
});

describe('segmentBytes', () => {
  it('escapes controls and invalid UTF-8 and keeps text', () => {
    expect(segmentBytes(Uint8Array.of(0x47, 0xc3, 0xbc, 0x00, 0x0d, 0x0a, 0xff, 0x7f))).toEqual([
      { kind: 'text', text: 'Gü' },
      { kind: 'escape', text: '\\0' },
      { kind: 'escape', text: '\\r' },
      { kind: 'escape', text: '\\n' },
      { kind: 'escape', text: '\\xff' },
      { kind: 'escape', text: '\\x7f' },
    ]);
  });
});

describe('encodeEscapedText', () => {
  it.each([
    ['\\0alice@example.com\\0s3cret', 'AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA=='],
    ['\\0tim\\0tanstaaftanstaaf', 'AHRpbQB0YW5zdGFhZnRhbnN0YWFm'],
    ['user=a\\x01auth=Bearer t\\x01\\x01', 'dXNlcj1hAWF1dGg9QmVhcmVyIHQBAQ=='],
    ['Grüße', 'R3LDvMOfZQ=='],
  ])('encodes %j', (input, expected) => {
    const result = encodeEscapedText(input);
    expect(result.ok && result.base64).toBe(expected);
  });

  it('reads \\0 followed by a digit as NUL and the digit, not an octal escape', () => {
    const result = encodeEscapedText('\\01');
    expect(result.ok && formatHex(result.bytes)).toBe('00 31');
  });

  it('rejects an unknown escape with its position', () => {
    const result = encodeEscapedText('ab\\q');
    expect(!result.ok && result.problem).toContain('position 3');
  });
});
