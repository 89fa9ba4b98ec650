/** Writes the measurements of `npm run bench` as the Markdown of docs/benchmarks.md. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';

import { chromiumPath } from '../e2e/support/chromium';
import {
  OUTPUT_BATCH_MAX_BYTES,
  OUTPUT_FLUSH_INTERVAL_MS,
  UNACKED_HIGH_WATERMARK_BYTES,
  UNACKED_LOW_WATERMARK_BYTES,
} from '../electron/engine/limits';
import { MAX_WRITE_SLICE_CHARS } from '../renderer/src/terminal/write-slices';
import type { FloodRun } from './browser-flood';
import { TLS_RECORD_BYTES, type FormatterTimes, type NodeStageTimes } from './node-stages';
import type { StageTimes } from './page-stages';

export const MIB = 1024 * 1024;
const KIB = 1024;

export interface HostileResult {
  readonly label: string;
  readonly runs: readonly FloodRun[];
  /** The same input written by the page harness straight into an on-screen terminal. */
  readonly stages: StageTimes;
}

export interface BenchResults {
  readonly streamBytes: number;
  readonly runs: number;
  readonly seconds: Readonly<Record<'openssl' | 'engine' | 'browser', readonly number[]>>;
  /** The browser run with the median time, for its flow-control figures. */
  readonly medianBrowserRun: FloodRun;
  readonly pageStageMs: ReadonlyMap<string, number>;
  readonly nodeStageMs: ReadonlyMap<string, number>;
  readonly nodeStages: NodeStageTimes;
  readonly formatterBytes: number;
  readonly formatter: readonly FormatterTimes[];
  readonly pageStages: StageTimes;
  readonly hostile: readonly HostileResult[];
  readonly loadAverage: readonly number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function rate(bytes: number, ms: number): string {
  return (bytes / MIB / (ms / 1000)).toFixed(1);
}

function describeMachine(loadAverage: readonly number[]): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  const chromiumVersion = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  return [
    `- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Load average (1, 5, 15 min) when the run started: ${loadAverage.map((load) => load.toFixed(2)).join(', ')}`,
    `- Node.js ${process.version}; ${opensslVersion}; ${chromiumVersion}`,
  ];
}

function throughputSection(results: BenchResults): string[] {
  const seconds = (name: keyof BenchResults['seconds']): number => median(results.seconds[name]);
  const mibPerSecond = (name: keyof BenchResults['seconds']): number =>
    results.streamBytes / MIB / seconds(name);
  const row = (label: string, name: keyof BenchResults['seconds']): string =>
    `| ${label} | ${seconds(name).toFixed(2)} | ${mibPerSecond(name).toFixed(1)} | ${(mibPerSecond(name) / mibPerSecond('openssl')).toFixed(2)} |`;
  return [
    '## TLS stream throughput',
    '',
    `A loopback TLS server (Node.js, TLS 1.3, in its own process) sends ${results.streamBytes / MIB} MiB of 80-byte text lines and closes.`,
    `Each client reads it ${results.runs} times; the table shows the median.`,
    '',
    '| client | seconds | MiB/s | ratio to openssl |',
    '|---|---|---|---|',
    row('`openssl s_client -quiet` into /dev/null', 'openssl'),
    row('Mailtap engine alone (raw TLS session, instant acknowledgement)', 'engine'),
    row('Mailtap browser mode into xterm.js in Chromium', 'browser'),
    '',
    'The browser figure counts until xterm.js has written, and the renderer acknowledged, every byte.',
    '',
  ];
}

function stagesSection(results: BenchResults): string[] {
  const bytes = results.streamBytes;
  const page = results.pageStages;
  const node = results.nodeStages;
  const row = (stage: string, where: string, ms: number): string =>
    `| ${stage} | ${where} | ${ms.toFixed(0)} | ${rate(bytes, ms)} |`;
  return [
    '## Where the time goes in browser mode',
    '',
    '### Each stage alone',
    '',
    `The same ${bytes / MIB} MiB stream, passed through one stage at a time (bench/node-stages.ts and`,
    'bench/page/stages-page.ts). The engine alone includes TLS, the session and batching.',
    '',
    '| stage | runs in | ms | MiB/s |',
    '|---|---|---|---|',
    row(
      'engine alone (TLS read, session, transcript, batching)',
      'Node',
      median(results.seconds.engine) * 1000,
    ),
    row(
      `batching in ${TLS_RECORD_BYTES / KIB} KiB reads and encoding ${node.frames} binary frames`,
      'Node',
      node.batchAndEncodeMs,
    ),
    row('decoding the frames (`decodeWireMessage`)', 'Chromium', page.decodeMs),
    row('formatter, byte by byte (the reference path)', 'Chromium', page.formatPerByteMs),
    row('formatter, printable runs as slices (the default)', 'Chromium', page.formatMs),
    row(
      `xterm.js \`write\` off screen: parsing only (${(page.formattedChars / 1e6).toFixed(1)} M code units)`,
      'Chromium',
      page.writeHiddenMs,
    ),
    row('xterm.js `write` on screen: parsing and rendering', 'Chromium', page.writeShownMs),
    '',
  ];
}

function formatterSection(results: BenchResults): string[] {
  const bytes = results.formatterBytes;
  return [
    '### The formatter by protocol',
    '',
    `${bytes / MIB} MiB of the same lines formatted in Node (bench/node-stages.ts), in MiB/s:`,
    '',
    '| server output | printable runs as slices | byte by byte |',
    '|---|---|---|',
    ...results.formatter.map(
      (times) =>
        `| ${times.label} | ${rate(bytes, times.printableRunsMs)} | ${rate(bytes, times.byteByByteMs)} |`,
    ),
    '',
  ];
}

function flowSection(results: BenchResults): string[] {
  const run = results.medianBrowserRun;
  const busy = (run.pageMetrics.taskMs / (run.seconds * 1000)) * 100;
  return [
    '### Flow control in the end-to-end run',
    '',
    `Settings: batches of up to ${OUTPUT_BATCH_MAX_BYTES / KIB} KiB or ${OUTPUT_FLUSH_INTERVAL_MS} ms, reading paused above ${UNACKED_HIGH_WATERMARK_BYTES / KIB} KiB`,
    `unacknowledged and resumed below ${UNACKED_LOW_WATERMARK_BYTES / KIB} KiB, xterm.js writes of at most ${MAX_WRITE_SLICE_CHARS / KIB} Ki code units.`,
    'Figures of the browser run with the median time:',
    '',
    '| figure | value |',
    '|---|---|',
    `| batches (mean size) | ${run.flow.batches} (${(run.flow.meanBatchBytes / KIB).toFixed(1)} KiB) |`,
    `| acknowledgement round trip, batch emitted to batch acknowledged: median / 95th percentile | ${run.flow.medianAckMs.toFixed(0)} ms / ${run.flow.p95AckMs.toFixed(0)} ms |`,
    `| share of polls (every 5 ms) that found the socket paused | ${(run.flow.pausedShare * 100).toFixed(0)} % |`,
    `| page main thread CPU time in tasks (script) | ${run.pageMetrics.taskMs.toFixed(0)} ms (${run.pageMetrics.scriptMs.toFixed(0)} ms), ${busy.toFixed(0)} % of the run |`,
    `| style and layout | ${(run.pageMetrics.styleMs + run.pageMetrics.layoutMs).toFixed(0)} ms |`,
    '',
  ];
}

function profileTable(
  title: string,
  stages: readonly string[],
  ms: ReadonlyMap<string, number>,
): string[] {
  const total = [...ms.values()].reduce((sum, value) => sum + value, 0);
  return [
    `| ${title} | ms | share |`,
    '|---|---|---|',
    ...stages.map((stage) => {
      const value = ms.get(stage) ?? 0;
      return `| ${stage} | ${value.toFixed(0)} | ${((value / total) * 100).toFixed(0)} % |`;
    }),
    '',
  ];
}

function profileSection(
  results: BenchResults,
  pageStages: readonly string[],
  nodeStages: readonly string[],
): string[] {
  return [
    '### CPU profile of one end-to-end run',
    '',
    'One more browser run with V8 sampling profilers (250 µs) in the page and in the Node process that hosts',
    'the engine and browser mode, self time attributed to source files through the source maps',
    '(bench/cpu-profile.ts). Profiling slows the run, so the shares matter, not the totals.',
    '',
    ...profileTable('page (Chromium renderer main thread)', pageStages, results.pageStageMs),
    ...profileTable('Node process (engine and browser mode)', nodeStages, results.nodeStageMs),
  ];
}

function hostileSection(results: BenchResults): string[] {
  const longest = (runs: readonly FloodRun[]): string => {
    const values = runs.map((run) => run.longestTaskMs);
    const format = (ms: number): string => (ms === 0 ? 'none over 50 ms' : `${ms.toFixed(0)} ms`);
    return `${format(median(values))} / ${format(Math.max(...values))}`;
  };
  return [
    '## Hostile floods: the longest task',
    '',
    'A plaintext SMTP server greets, sends the flood, then a last reply. The page records every task longer',
    'than 50 ms (the Long Tasks API) from pressing Connect until xterm.js acknowledged the last byte.',
    `${results.hostile[0]?.runs.length ?? 0} runs each; the harness column writes the same formatted output straight into an on-screen terminal.`,
    '',
    '| flood | longest task: median / max | seconds until acknowledged (median) | harness: longest task |',
    '|---|---|---|---|',
    ...results.hostile.map(
      (hostile) =>
        `| ${hostile.label} | ${longest(hostile.runs)} | ${median(hostile.runs.map((run) => run.seconds)).toFixed(2)} | ${hostile.stages.longestTaskMs === 0 ? 'none over 50 ms' : `${hostile.stages.longestTaskMs.toFixed(0)} ms`} |`,
    ),
    '',
  ];
}

export function renderReport(
  results: BenchResults,
  pageStages: readonly string[],
  nodeStages: readonly string[],
): string {
  return [
    '# Benchmarks',
    '',
    'Produced by `npm run build && npm run bench` (bench/run.ts), which rewrites this page.',
    '',
    ...throughputSection(results),
    ...stagesSection(results),
    ...formatterSection(results),
    ...flowSection(results),
    ...profileSection(results, pageStages, nodeStages),
    ...hostileSection(results),
    `Measured ${new Date().toISOString().slice(0, 10)}:`,
    '',
    ...describeMachine(results.loadAverage),
    '',
  ].join('\n');
}
