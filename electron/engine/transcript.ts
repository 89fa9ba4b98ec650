import type {
  TranscriptLoss,
  TranscriptPage,
  TranscriptRecord,
  TranscriptViewRecord,
} from '../../shared/transcript';
import { TRANSCRIPT_MAX_BYTES } from './limits';

function recordSize(record: TranscriptRecord): number {
  switch (record.kind) {
    case 'server':
    case 'client-bytes':
      return record.bytes.length + (record.unmasked?.length ?? 0);
    case 'client':
      return Buffer.byteLength(record.text) + Buffer.byteLength(record.unmasked ?? '');
    case 'note':
      return Buffer.byteLength(record.text);
    case 'tls-start':
      return 0;
  }
}

/** Copies bytes in one block; a Node Buffer may be a view into a larger pooled buffer. */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

/** Copies a record for the renderer, leaving out any unmasked credential but saying it exists. */
function viewOf(record: TranscriptRecord): TranscriptViewRecord {
  if (record.kind === 'server' || record.kind === 'client' || record.kind === 'client-bytes') {
    const { unmasked, ...view } = record;
    return unmasked === undefined ? view : { ...view, credentialKept: true };
  }
  return record;
}

/**
 * The in-memory record of one session. It keeps records until they add up to its byte cap;
 * from the first record that does not fit it keeps nothing more and only counts what it
 * dropped, so the transcript is always a complete beginning of the session and a flood cannot
 * exhaust memory.
 */
export class Transcript {
  private readonly kept: TranscriptRecord[] = [];
  private keptBytes = 0;
  private droppedRecordCount = 0;
  private droppedByteCount = 0;

  constructor(private readonly maxBytes: number = TRANSCRIPT_MAX_BYTES) {}

  add(record: TranscriptRecord): void {
    const size = recordSize(record);
    if (this.droppedRecordCount > 0 || this.keptBytes + size > this.maxBytes) {
      this.droppedRecordCount++;
      this.droppedByteCount += size;
      return;
    }
    this.keptBytes += size;
    // Copies, because a socket may reuse the buffer it handed over.
    if (record.kind === 'server' || record.kind === 'client-bytes') {
      const unmasked = record.unmasked === undefined ? {} : { unmasked: copy(record.unmasked) };
      this.kept.push({ ...record, bytes: copy(record.bytes), ...unmasked });
    } else {
      this.kept.push(record);
    }
  }

  get records(): readonly TranscriptRecord[] {
    return this.kept;
  }

  /** Bytes of the records kept, at most the cap. */
  get keptByteCount(): number {
    return this.keptBytes;
  }

  /** Records not kept because the cap was reached. */
  get droppedCount(): number {
    return this.droppedRecordCount;
  }

  get loss(): TranscriptLoss {
    return { droppedRecords: this.droppedRecordCount, droppedBytes: this.droppedByteCount };
  }

  /**
   * Returns records from index `from`, or the last records when `from` is null, up to about
   * `maxBytes`. A page always holds at least one record when any is left, so a reader that
   * follows `next` reaches the end.
   */
  page(from: number | null, maxBytes: number): TranscriptPage {
    const start = from === null ? this.tailStart(maxBytes) : Math.min(from, this.kept.length);
    const records: TranscriptViewRecord[] = [];
    let bytes = 0;
    let index = start;
    while (index < this.kept.length) {
      const record = this.kept[index]!;
      const size = recordSize(record);
      if (records.length > 0 && bytes + size > maxBytes) {
        break;
      }
      records.push(viewOf(record));
      bytes += size;
      index++;
    }
    return { from: start, records, next: index, total: this.kept.length, ...this.loss };
  }

  private tailStart(maxBytes: number): number {
    let bytes = 0;
    let index = this.kept.length;
    while (index > 0) {
      const size = recordSize(this.kept[index - 1]!);
      if (bytes + size > maxBytes && index < this.kept.length) {
        break;
      }
      bytes += size;
      index--;
    }
    return index;
  }
}
