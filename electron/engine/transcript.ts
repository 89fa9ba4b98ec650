import type { TranscriptRecord } from '../../shared/transcript';
import { TRANSCRIPT_MAX_BYTES } from './limits';

/**
 * The in-memory record of one session. It keeps records up to a byte cap and then only counts
 * what it dropped, so a flood cannot exhaust memory.
 */
export class Transcript {
  private readonly kept: TranscriptRecord[] = [];
  private keptBytes = 0;
  private droppedRecordCount = 0;

  add(record: TranscriptRecord): void {
    const size = record.kind === 'server' ? record.bytes.length : record.text.length;
    if (this.keptBytes + size > TRANSCRIPT_MAX_BYTES) {
      this.droppedRecordCount++;
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

  /** Records not kept because the cap was reached. */
  get droppedCount(): number {
    return this.droppedRecordCount;
  }
}
