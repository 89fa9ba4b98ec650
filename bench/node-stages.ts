/**
 * Times stages in Node: the engine's batching and frame encoding, and the formatter for each
 * protocol (which runs in the renderer, but its cost per protocol is the same in Node).
 */
import { OUTPUT_BATCH_MAX_BYTES } from '../electron/engine/limits';
import { OutputBatcher } from '../electron/engine/output-batcher';
import { encodeUtf8 } from '../shared/encoding/base64';
import { OutputFormatter } from '../shared/display/output-formatter';
import { encodeWireMessage } from '../shared/ipc/wire';
import type { ProtocolId } from '../shared/presets';
import type { OutputEntry } from '../shared/session';
import { buildStreamBytes } from './flood-inputs';

/** Bytes per socket read: a TLS record carries at most 16 KiB of data. */
export const TLS_RECORD_BYTES = 16 * 1024;

export interface NodeStageTimes {
  readonly frames: number;
  readonly frameBytes: number;
  /** Batching (with its copy of each read) and encoding every batch as a binary frame. */
  readonly batchAndEncodeMs: number;
}

/**
 * Pushes the stream through a real OutputBatcher in reads of one TLS record, encoding each batch
 * as browser mode does, and acknowledging it at once so that flow control never pauses.
 */
export function measureNodeStages(streamBytes: number): NodeStageTimes {
  const bytes = buildStreamBytes(streamBytes);
  let frames = 0;
  let frameBytes = 0;
  const batcher: OutputBatcher = new OutputBatcher('bench', {
    emit: (batch) => {
      const frame = encodeWireMessage({ type: 'event', channel: 'session:output', payload: batch });
      frames++;
      frameBytes += frame.length;
      batcher.acknowledge(batch.serverBytes);
    },
    pause: () => undefined,
    resume: () => undefined,
  });

  const started = performance.now();
  for (let offset = 0; offset < bytes.length; offset += TLS_RECORD_BYTES) {
    batcher.push({ kind: 'server', bytes: bytes.subarray(offset, offset + TLS_RECORD_BYTES) });
  }
  batcher.flush();
  const batchAndEncodeMs = performance.now() - started;
  batcher.dispose();
  return { frames, frameBytes, batchAndEncodeMs };
}

export interface FormatterCase {
  readonly label: string;
  readonly protocol: ProtocolId;
  /** Output sent before the stream, e.g. an IMAP literal announcement that covers all of it. */
  readonly prefix: string;
}

export interface FormatterTimes {
  readonly label: string;
  readonly printableRunsMs: number;
  readonly byteByByteMs: number;
}

/**
 * Returns the benchmark lines in each protocol. IMAP comes twice: as message data inside a
 * literal, which is how a large FETCH arrives, and as lines outside one, which are held back
 * until their first 64 characters show that they are no tagged reply.
 */
export function formatterCases(streamBytes: number): FormatterCase[] {
  return [
    { label: 'raw', protocol: 'raw', prefix: '' },
    { label: 'SMTP replies', protocol: 'smtp', prefix: '' },
    {
      label: 'IMAP, inside a literal',
      protocol: 'imap',
      prefix: `* 1 FETCH (BODY[] {${streamBytes}}\r\n`,
    },
    { label: 'IMAP, lines outside a literal', protocol: 'imap', prefix: '' },
  ];
}

/** Formats the stream in 64 KiB batches of 16 KiB reads with both paths of the formatter. */
export function measureFormatter(
  streamBytes: number,
  formatterCase: FormatterCase,
): FormatterTimes {
  const bytes = buildStreamBytes(streamBytes);
  const batches: OutputEntry[][] = [];
  for (let start = 0; start < bytes.length; start += OUTPUT_BATCH_MAX_BYTES) {
    const batch: OutputEntry[] = [];
    for (
      let offset = start;
      offset < Math.min(bytes.length, start + OUTPUT_BATCH_MAX_BYTES);
      offset += TLS_RECORD_BYTES
    ) {
      batch.push({ kind: 'server', bytes: bytes.subarray(offset, offset + TLS_RECORD_BYTES) });
    }
    batches.push(batch);
  }

  const time = (printableRuns: boolean): number => {
    const formatter = new OutputFormatter(formatterCase.protocol, { printableRuns });
    formatter.format([{ kind: 'server', bytes: encodeUtf8(formatterCase.prefix) }]);
    const started = performance.now();
    for (const batch of batches) {
      formatter.format(batch);
    }
    return performance.now() - started;
  };
  return { label: formatterCase.label, printableRunsMs: time(true), byteByByteMs: time(false) };
}
