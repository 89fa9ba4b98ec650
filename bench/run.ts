/**
 * Measures browser mode's data path and writes docs/benchmarks.md. It times a 50 MiB TLS stream
 * through `openssl s_client`, the engine alone and browser mode into xterm.js, then each stage
 * alone, flow control and a CPU profile of the end-to-end run, and the page's longest task during
 * two hostile floods. Run it with `npm run bench` after `npm run build`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { startFakeServer } from '../electron/engine/test-support/fake-server';
import { createTestPki } from '../e2e/rig/pki';
import { runBrowserFlood, type FloodRun } from './browser-flood';
import {
  bundleResolver,
  groupByStage,
  nodeResolver,
  selfTimeBySource,
  type CpuProfile,
  type SourceResolver,
} from './cpu-profile';
import { buildHostileBytes, type FloodKind } from './flood-inputs';
import { formatterCases, measureFormatter, measureNodeStages } from './node-stages';
import { measurePageStages, type StageInput } from './page-stages';
import { MIB, median, renderReport, type BenchResults, type HostileResult } from './report';
import { NODE_STAGES, nodeStageOf, PAGE_STAGES, pageStageOf } from './stage-groups';
import { spawnStreamServer } from './stream-server';
import { timeEngine, timeOpenssl } from './throughput';

const STREAM_BYTES = 50 * MIB;
/** Smaller than the stream, because IMAP lines outside a literal format at a few MiB/s. */
const FORMATTER_BYTES = 20 * MIB;
const RUNS = 3;
const REPORT = path.resolve('docs/benchmarks.md');
const XTERM_SOURCE_MAP = path.resolve('node_modules/@xterm/xterm/lib/xterm.mjs.map');

/** Batch layout of the engine's output: up to 64 KiB, made of reads of one TLS record each. */
const PAGE_INPUT = { batchBytes: 64 * 1024, chunkBytes: 16 * 1024 } as const;

function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

function stageTimes(
  profile: CpuProfile | undefined,
  resolve: SourceResolver,
  stageOf: (source: string) => string,
): Map<string, number> {
  return profile === undefined
    ? new Map<string, number>()
    : groupByStage(selfTimeBySource(profile, resolve), stageOf);
}

async function measureHostile(
  kind: Exclude<FloodKind, 'stream'>,
  label: string,
): Promise<HostileResult> {
  const payload = buildHostileBytes(kind);
  const server = await startFakeServer((socket) => socket.write(payload));
  const runs: FloodRun[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      runs.push(
        await runBrowserFlood(
          {
            protocol: 'SMTP (25)',
            security: 'Plain',
            port: server.port,
            serverBytes: payload.length,
          },
          false,
        ),
      );
      progress(`${label}: run ${run}/${RUNS} done`);
    }
  } finally {
    await server.close();
  }
  const [stages] = await measurePageStages([
    { protocol: 'smtp', kind, streamBytes: 0, ...PAGE_INPUT, chunkBytes: PAGE_INPUT.batchBytes },
  ]);
  return { label, runs, stages: stages! };
}

async function main(): Promise<void> {
  const loadAverage = os.loadavg();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-bench-'));
  try {
    const pki = await createTestPki(dir);
    const certFile = path.join(dir, 'stream-chain.pem');
    const keyFile = path.join(dir, 'stream-key.pem');
    await writeFile(certFile, `${pki.leaf.certPem}${pki.intermediate.certPem}`);
    await writeFile(keyFile, pki.leaf.key.keyPem);
    const server = await spawnStreamServer(STREAM_BYTES, certFile, keyFile);

    const seconds = { openssl: [] as number[], engine: [] as number[], browser: [] as number[] };
    const browserRuns: FloodRun[] = [];
    const target = {
      protocol: 'Raw TLS',
      security: 'Implicit TLS',
      port: server.port,
      caFile: pki.caFile,
      serverBytes: STREAM_BYTES,
    } as const;
    let profiled: FloodRun;
    try {
      for (let run = 1; run <= RUNS; run++) {
        seconds.openssl.push(await timeOpenssl(server.port, pki.caFile));
        seconds.engine.push(await timeEngine(server.port, pki.caFile, STREAM_BYTES));
        const browserRun = await runBrowserFlood(target, false);
        browserRuns.push(browserRun);
        seconds.browser.push(browserRun.seconds);
        progress(`stream: run ${run}/${RUNS} done`);
      }
      profiled = await runBrowserFlood(target, true);
      progress('stream: profiled run done');
    } finally {
      await server.close();
    }

    const nodeStageRuns = Array.from({ length: RUNS }, () => measureNodeStages(STREAM_BYTES));
    const formatter = formatterCases(FORMATTER_BYTES).map((formatterCase) => {
      const runs = Array.from({ length: RUNS }, () =>
        measureFormatter(FORMATTER_BYTES, formatterCase),
      );
      return { ...medianOfFields(runs), label: formatterCase.label };
    });
    const pageStageRuns = await measurePageStages(
      Array.from({ length: RUNS }, (): StageInput => ({
        protocol: 'raw',
        kind: 'stream',
        streamBytes: STREAM_BYTES,
        ...PAGE_INPUT,
      })),
    );
    progress('stages done');
    const hostile = [
      await measureHostile('unterminated-osc', '5 MiB of unterminated OSC (`ESC ] 2 ;` then `A`s)'),
      await measureHostile('binary-burst', '4 MiB binary burst (invalid UTF-8, C0, ESC, C1)'),
    ];

    const medianBrowserSeconds = median(seconds.browser);
    const results: BenchResults = {
      streamBytes: STREAM_BYTES,
      runs: RUNS,
      seconds,
      medianBrowserRun: browserRuns.find((run) => run.seconds === medianBrowserSeconds)!,
      pageStageMs: stageTimes(
        profiled.pageProfile,
        bundleResolver(profiled.bundleFile, XTERM_SOURCE_MAP),
        pageStageOf,
      ),
      nodeStageMs: stageTimes(profiled.nodeProfile, nodeResolver(process.cwd()), nodeStageOf),
      nodeStages: medianOfFields(nodeStageRuns),
      formatterBytes: FORMATTER_BYTES,
      formatter,
      pageStages: medianOfFields(pageStageRuns),
      hostile,
      loadAverage,
    };
    const report = renderReport(results, PAGE_STAGES, NODE_STAGES);
    await writeFile(REPORT, report);
    process.stdout.write(`${report}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Returns the median of each numeric field over the runs. */
function medianOfFields<T extends object>(runs: readonly T[]): T {
  const first = runs[0]!;
  return Object.fromEntries(
    Object.entries(first).map(([key, value]) => [
      key,
      typeof value === 'number'
        ? median(runs.map((run) => (run as Record<string, number>)[key]!))
        : value,
    ]),
  ) as T;
}

await main();
