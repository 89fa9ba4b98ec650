import type { TranscriptRecord } from '../../shared/transcript';
import { TRANSCRIPT_MAX_BYTES } from './limits';

/**
 * The in-memory record of one session. It keeps records up to a byte cap and then only counts
 * what it dropped, so a flood cannot exhaust memory. The kept part is always a prefix of the
 * session: the record that crosses the cap keeps the server bytes that fit, and nothing after it
 * is kept, so the transcript never has a gap in the middle.
 */
export class Transcript {
  private readonly kept: TranscriptRecord[] = [];
  private keptBytes = 0;
  private droppedRecordCount = 0;
  private full = false;

  constructor(private readonly maxBytes: number = TRANSCRIPT_MAX_BYTES) {}

  add(record: TranscriptRecord): void {
    if (this.full) {
      this.droppedRecordCount++;
      return;
    }
    const size = record.kind === 'server' ? record.bytes.length : record.text.length;
    const room = this.maxBytes - this.keptBytes;
    if (size > room) {
      this.full = true;
      this.droppedRecordCount++;
      if (record.kind === 'server' && room > 0) {
        this.kept.push({ ...record, bytes: Uint8Array.from(record.bytes.subarray(0, room)) });
        this.keptBytes += room;
      }
      return;
    }
    this.keptBytes += size;
    this.kept.push(
      record.kind === 'server' ? { ...record, bytes: Uint8Array.from(record.bytes) } : record,
    );
  }

  get records(): readonly TranscriptRecord[] {
    return this.kept;
  }

  /** Bytes of the records kept, at most the cap. */
  get keptByteCount(): number {
    return this.keptBytes;
  }

  /** True once the cap was reached; the records end where it was. */
  get truncated(): boolean {
    return this.full;
  }

  /** Records not kept, or kept only in part, because the cap was reached. */
  get droppedCount(): number {
    return this.droppedRecordCount;
  }
}
