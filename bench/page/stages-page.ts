/**
 * Times the renderer's stages of the data path in Chromium, one at a time on the same input.
 * The stages are decoding the WebSocket frames, formatting with and without the printable-run
 * fast path, and writing into xterm.js off screen and on screen. bench/page-stages.ts bundles it.
 */
import { OutputFormatter } from '../../shared/display/output-formatter';
import type { ProtocolId } from '../../shared/presets';
import type { OutputBatch, OutputEntry } from '../../shared/session';
import { decodeWireMessage, encodeWireMessage } from '../../shared/ipc/wire';
import { UNACKED_HIGH_WATERMARK_BYTES } from '../../electron/engine/limits';
import { TerminalView } from '../../renderer/src/terminal/terminal-view';
import { buildHostileBytes, buildStreamBytes, type FloodKind } from '../flood-inputs';

export interface StageInput {
  readonly protocol: ProtocolId;
  readonly kind: FloodKind;
  /** Size of the benchmark stream; the hostile inputs have fixed sizes. */
  readonly streamBytes: number;
  /** Server bytes per batch, as the engine's batcher sends them. */
  readonly batchBytes: number;
  /** Bytes per entry within a batch, as the socket delivers them (a TLS record carries at most 16 KiB). */
  readonly chunkBytes: number;
}

export interface StageTimes {
  readonly frames: number;
  readonly formattedChars: number;
  readonly decodeMs: number;
  readonly formatMs: number;
  readonly formatPerByteMs: number;
  /** Until xterm called back for the last write, with the terminal off screen (parsing only). */
  readonly writeHiddenMs: number;
  /** The same with the terminal on screen, so that xterm also renders frames meanwhile. */
  readonly writeShownMs: number;
  /** Maximum task duration over 50 ms while writing on screen, or 0 when there was none. */
  readonly longestTaskMs: number;
}

function encodeFrames(input: StageInput): Uint8Array[] {
  const bytes =
    input.kind === 'stream' ? buildStreamBytes(input.streamBytes) : buildHostileBytes(input.kind);
  const frames: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += input.batchBytes) {
    const end = Math.min(bytes.length, start + input.batchBytes);
    const entries: OutputEntry[] = [];
    for (let offset = start; offset < end; offset += input.chunkBytes) {
      entries.push({
        kind: 'server',
        bytes: bytes.slice(offset, Math.min(end, offset + input.chunkBytes)),
      });
    }
    const batch: OutputBatch = { sessionId: 'bench', entries, serverBytes: end - start };
    frames.push(
      encodeWireMessage({ type: 'event', channel: 'session:output', payload: batch }) as Uint8Array,
    );
  }
  return frames;
}

function formatAll(batches: readonly OutputBatch[], protocol: ProtocolId, runs: boolean): string[] {
  const formatter = new OutputFormatter(protocol, { printableRuns: runs });
  return batches.map((batch) => formatter.format(batch.entries));
}

/**
 * Writes every text and waits until xterm has processed the last. Like the engine, it keeps at
 * most a high watermark of batches unacknowledged, because xterm discards writes past 50 MB.
 */
async function writeAll(
  view: TerminalView,
  texts: readonly string[],
  batchBytes: number,
): Promise<void> {
  const window = Math.max(1, Math.ceil(UNACKED_HIGH_WATERMARK_BYTES / batchBytes));
  const written: Promise<void>[] = [];
  for (const [index, text] of texts.entries()) {
    if (index >= window) {
      await written[index - window];
    }
    written.push(new Promise((resolve) => view.write(text, resolve)));
  }
  await written.at(-1);
}

function recordLongTasks(): { stop(): number } {
  let longest = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      longest = Math.max(longest, entry.duration);
    }
  });
  observer.observe({ type: 'longtask' });
  return {
    stop: () => {
      for (const entry of observer.takeRecords()) {
        longest = Math.max(longest, entry.duration);
      }
      observer.disconnect();
      return longest;
    },
  };
}

async function measureStages(input: StageInput): Promise<StageTimes> {
  const frames = encodeFrames(input);

  let started = performance.now();
  const batches = frames.map(
    (frame) => (decodeWireMessage(frame) as { payload: OutputBatch }).payload,
  );
  const decodeMs = performance.now() - started;

  started = performance.now();
  formatAll(batches, input.protocol, false);
  const formatPerByteMs = performance.now() - started;

  started = performance.now();
  const texts = formatAll(batches, input.protocol, true);
  const formatMs = performance.now() - started;

  const hidden = new TerminalView(document);
  started = performance.now();
  await writeAll(hidden, texts, input.batchBytes);
  const writeHiddenMs = performance.now() - started;
  hidden.dispose();

  const container = document.createElement('div');
  container.style.cssText = 'width: 1200px; height: 760px;';
  document.body.append(container);
  const shown = new TerminalView(document);
  shown.attach(container);
  const longTasks = recordLongTasks();
  started = performance.now();
  await writeAll(shown, texts, input.batchBytes);
  const writeShownMs = performance.now() - started;
  const longestTaskMs = longTasks.stop();
  shown.dispose();
  container.remove();

  return {
    frames: frames.length,
    formattedChars: texts.reduce((sum, text) => sum + text.length, 0),
    decodeMs,
    formatMs,
    formatPerByteMs,
    writeHiddenMs,
    writeShownMs,
    longestTaskMs,
  };
}

(window as unknown as { measureStages: typeof measureStages }).measureStages = measureStages;
