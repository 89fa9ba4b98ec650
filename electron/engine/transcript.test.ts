import { describe, expect, it } from 'vitest';

import type { TranscriptRecord } from '../../shared/transcript';
import { Transcript } from './transcript';

const server = (size: number, time = 0): TranscriptRecord => ({
  kind: 'server',
  time,
  tls: false,
  bytes: new Uint8Array(size).fill(0x41),
});

describe('Transcript byte cap', () => {
  it('keeps a record that reaches the cap exactly', () => {
    const transcript = new Transcript(100);
    transcript.add(server(60));
    transcript.add(server(40));
    expect(transcript.records).toHaveLength(2);
    expect(transcript.loss).toEqual({ droppedRecords: 0, droppedBytes: 0 });
  });

  it('drops a record one byte over the cap and everything after it', () => {
    const transcript = new Transcript(100);
    transcript.add(server(60));
    transcript.add(server(41));
    transcript.add(server(1));
    expect(transcript.records).toHaveLength(1);
    expect(transcript.loss).toEqual({ droppedRecords: 2, droppedBytes: 42 });
  });

  it('counts a kept credential toward the cap', () => {
    const transcript = new Transcript(10);
    transcript.add({
      kind: 'client',
      time: 0,
      tls: false,
      text: 'PASS ****',
      automatic: false,
      unmasked: 'PASS x',
    });
    expect(transcript.records).toHaveLength(0);
    expect(transcript.loss.droppedBytes).toBe(15);
  });

  it('copies bytes so a reused buffer cannot change a record', () => {
    const transcript = new Transcript();
    const buffer = new Uint8Array([1, 2, 3]);
    transcript.add({ kind: 'server', time: 0, tls: false, bytes: buffer });
    buffer[0] = 9;
    const first = transcript.records[0]!;
    expect(first.kind === 'server' && first.bytes[0]).toBe(1);
  });
});

describe('Transcript pages', () => {
  const filled = () => {
    const transcript = new Transcript();
    for (let index = 0; index < 10; index++) {
      transcript.add(server(10, index));
    }
    return transcript;
  };

  it('reads forward in pages until the end', () => {
    const transcript = filled();
    const first = transcript.page(0, 35);
    expect(first.records).toHaveLength(3);
    expect(first.next).toBe(3);
    const last = transcript.page(9, 35);
    expect(last.records).toHaveLength(1);
    expect(last.next).toBe(last.total);
  });

  it('returns at least one record even when it is larger than a page', () => {
    const transcript = new Transcript();
    transcript.add(server(500));
    expect(transcript.page(0, 10).records).toHaveLength(1);
    expect(transcript.page(null, 10).records).toHaveLength(1);
  });

  it('reads the tail when no start is given', () => {
    const page = filled().page(null, 25);
    expect(page.from).toBe(8);
    expect(page.records.map((record) => record.time)).toEqual([8, 9]);
  });

  it('never hands out the unmasked copy', () => {
    const transcript = new Transcript();
    transcript.add({
      kind: 'client',
      time: 0,
      tls: false,
      text: 'PASS ********',
      automatic: false,
      unmasked: 'PASS s3cret',
    });
    transcript.add({
      kind: 'client-bytes',
      time: 0,
      tls: false,
      bytes: new Uint8Array([1]),
      unmasked: new Uint8Array([2]),
    });
    const records = transcript.page(0, 1024).records;
    expect(records.every((record) => !('unmasked' in record))).toBe(true);
    expect(records.map((record) => 'credentialKept' in record && record.credentialKept)).toEqual([
      true,
      true,
    ]);
  });
});
