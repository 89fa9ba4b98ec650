import type { Disposer, MailtapApi } from '../../../shared/ipc/contract';
import type { TranscriptViewRecord } from '../../../shared/transcript';

/**
 * Bytes of transcript a view keeps and shows. Rendering more as DOM rows makes the page slow;
 * the export has everything.
 */
export const VIEW_MAX_BYTES = 512 * 1024;
/** Maximum page size of one request, so one response stays small. */
export const VIEW_PAGE_BYTES = 256 * 1024;
/** New output is fetched at most this often, coalescing bursts of output events. */
export const VIEW_REFRESH_MS = 200;

export interface FollowedTranscript {
  /** Index of the first record shown. */
  readonly from: number;
  readonly records: readonly TranscriptViewRecord[];
  /** True when earlier records exist that the view does not show. */
  readonly truncated: boolean;
  readonly error: string | null;
}

function sizeOf(record: TranscriptViewRecord): number {
  if (record.kind === 'server' || record.kind === 'client-bytes') {
    return record.bytes.length;
  }
  return record.kind === 'tls-start' ? 0 : record.text.length;
}

/**
 * Follows one session's transcript for a view: it reads the tail once, then the new records
 * after each output event for that session, and keeps at most VIEW_MAX_BYTES of them.
 */
export class TranscriptFollower {
  #from = 0;
  #next = 0;
  #records: TranscriptViewRecord[] = [];
  #bytes = 0;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #reading = false;
  #again = false;
  #disposed = false;

  constructor(
    private readonly api: MailtapApi,
    private readonly sessionId: string,
    private readonly onChange: (transcript: FollowedTranscript) => void,
  ) {}

  start(): Disposer {
    const stop = this.api.onSessionOutput((batch) => {
      if (batch.sessionId === this.sessionId) {
        this.#schedule();
      }
    });
    void this.#read(true);
    return () => {
      this.#disposed = true;
      stop();
      if (this.#timer !== null) {
        clearTimeout(this.#timer);
      }
    };
  }

  #schedule(): void {
    if (this.#timer === null && !this.#disposed) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        void this.#read(false);
      }, VIEW_REFRESH_MS);
    }
  }

  async #read(tail: boolean): Promise<void> {
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = true;
    try {
      let page = await this.api.readTranscript(
        this.sessionId,
        tail ? null : this.#next,
        tail ? VIEW_MAX_BYTES : VIEW_PAGE_BYTES,
      );
      if (tail) {
        this.#from = page.from;
      }
      this.#append(page.records, page.next);
      while (!this.#disposed && page.next < page.total) {
        page = await this.api.readTranscript(this.sessionId, page.next, VIEW_PAGE_BYTES);
        this.#append(page.records, page.next);
      }
      this.#emit(null);
    } catch (error) {
      this.#emit(error instanceof Error ? error.message : String(error));
    } finally {
      this.#reading = false;
    }
    if (this.#again) {
      this.#again = false;
      void this.#read(false);
    }
  }

  #append(records: readonly TranscriptViewRecord[], next: number): void {
    this.#records.push(...records);
    this.#next = next;
    this.#bytes += records.reduce((sum, record) => sum + sizeOf(record), 0);
    while (this.#bytes > VIEW_MAX_BYTES && this.#records.length > 1) {
      this.#bytes -= sizeOf(this.#records.shift()!);
      this.#from++;
    }
  }

  #emit(error: string | null): void {
    if (!this.#disposed) {
      this.onChange({
        from: this.#from,
        records: [...this.#records],
        truncated: this.#from > 0,
        error,
      });
    }
  }
}
