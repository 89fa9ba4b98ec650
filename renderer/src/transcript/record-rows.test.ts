import { describe, expect, it } from 'vitest';

import type { TranscriptViewRecord } from '../../../shared/transcript';
import { byteRows, hexRows } from './record-rows';

const RECORDS: TranscriptViewRecord[] = [
  { kind: 'client', time: 1, tls: true, text: 'EHLO me', automatic: false },
  { kind: 'client', time: 2, tls: true, text: 'AUTH PLAIN ********', automatic: false },
  { kind: 'server', time: 3, tls: true, bytes: new TextEncoder().encode('235 ok\r\n') },
];

describe('record rows of masked lines', () => {
  it('hex view does not claim the masked line as written bytes', () => {
    const rows = hexRows(RECORDS, 0);
    const texts = rows.map((row) => row.text);
    expect(texts).toContain('write 9 bytes');
    expect(texts).not.toContain('write 21 bytes');
    const masked = rows.filter((row) => row.masked === true);
    expect(masked).toHaveLength(1);
    expect(masked[0]!.text).toContain('masked line');
    // The masked line gets no hex dump rows of its own.
    expect(rows.filter((row) => row.key.startsWith('1.'))).toHaveLength(1);
  });

  it('hex view says when the credential was kept', () => {
    const kept: TranscriptViewRecord = {
      kind: 'client',
      time: 2,
      tls: true,
      text: 'AUTH PLAIN ********',
      automatic: false,
      credentialKept: true,
    };
    const rows = hexRows([kept], 0);
    expect(rows[0]!.text).toContain('the credential was kept');
    expect(rows[0]!.text).not.toContain('not kept');
    expect(hexRows([RECORDS[1]!], 0)[0]!.text).toContain('the credential was not kept');
  });

  it('byte view marks the masked line', () => {
    const rows = byteRows(RECORDS, 0);
    const masked = rows.filter((row) => row.masked === true);
    expect(masked.map((row) => row.gutter)).toEqual(['C (masked): ']);
    expect(rows.find((row) => row.key === '0.0')!.gutter).toBe('C: ');
  });

  it('marks exact bytes that contain the mask', () => {
    const rows = byteRows(
      [
        {
          kind: 'client-bytes',
          time: 1,
          tls: false,
          bytes: new TextEncoder().encode('PASS ********\r\n'),
        },
      ],
      0,
    );
    expect(rows[0]!.gutter).toBe('C (exact, masked): ');
  });
});

describe('record rows of masked server reads', () => {
  const ECHO: TranscriptViewRecord[] = [
    {
      kind: 'server',
      time: 1,
      tls: false,
      bytes: new TextEncoder().encode('250 ok "********"\r\n'),
      masked: true,
    },
  ];

  it('byte view marks the masked read', () => {
    const rows = byteRows(ECHO, 0);
    expect(rows.map((row) => row.gutter)).toEqual(['S (masked): ']);
    expect(rows[0]!.masked).toBe(true);
  });

  it('hex view dumps the masked bytes', () => {
    const rows = hexRows(ECHO, 0);
    expect(rows[0]!.text).toContain('not as received');
    expect(rows[0]!.masked).toBe(true);
    expect(rows.length).toBeGreaterThan(1);
  });
});
