/**
 * Runs one flood through browser mode into xterm.js in Chromium and measures it. The figures are
 * wall time, the page's longest task and flow control at the engine's hub. On request it also
 * records CPU profiles of the page and of the Node process that hosts the engine.
 */
import { Session as InspectorSession } from 'node:inspector/promises';
import path from 'node:path';

import { chromium, type CDPSession, type Page } from '@playwright/test';

import { startBrowserModeServer } from '../electron/browser-mode/server';
import { silentLogger } from '../electron/engine/logger';
import type { SessionHub } from '../electron/engine/session-hub';
import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type { CpuProfile } from './cpu-profile';

/** How often the bench samples the engine's flow-control state while a flood runs. */
const POLL_INTERVAL_MS = 5;

/** A run in which neither reading nor acknowledging moves on for this long has failed. */
const STALL_TIMEOUT_MS = 30_000;

/** Sampling interval of both CPU profilers: fine enough for tasks of a few milliseconds. */
const PROFILE_SAMPLING_INTERVAL_US = 250;

export interface FloodTarget {
  /** The visible label of a preset, e.g. `Raw TLS`. */
  readonly protocol: string;
  readonly security: 'Plain' | 'Implicit TLS';
  readonly port: number;
  readonly caFile?: string;
  /** The run ends when the engine received this many bytes and all were acknowledged. */
  readonly serverBytes: number;
}

export interface FlowStats {
  readonly batches: number;
  readonly meanBatchBytes: number;
  /** Time from a batch's emission to the acknowledgement that covers its last byte. */
  readonly medianAckMs: number;
  readonly p95AckMs: number;
  /** Share of the run's polls that found the socket paused by flow control. */
  readonly pausedShare: number;
}

/**
 * Durations from Chromium's `Performance.getMetrics` over the run, in milliseconds of the main
 * thread's CPU time, so that time lost to other processes on a busy machine does not count.
 */
export interface PageMetrics {
  readonly taskMs: number;
  readonly scriptMs: number;
  readonly layoutMs: number;
  readonly styleMs: number;
}

export interface FloodRun {
  readonly seconds: number;
  /** Maximum task duration over 50 ms after Connect was pressed, or 0 when there was none. */
  readonly longestTaskMs: number;
  readonly flow: FlowStats;
  readonly pageMetrics: PageMetrics;
  readonly pageProfile?: CpuProfile;
  readonly nodeProfile?: CpuProfile;
  /** The renderer bundle the page ran, for resolving the page profile's positions. */
  readonly bundleFile: string;
}

/** Records the start and duration of every long task (over 50 ms) the page runs. */
const LONG_TASK_RECORDER = `
  window.__benchLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      window.__benchLongTasks.push([entry.startTime, entry.duration]);
    }
  }).observe({ type: 'longtask', buffered: true });
`;

function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) {
    return 0;
  }
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

/** Records batches and acknowledgements at the hub, where the engine emits and receives them. */
function watchFlow(hub: SessionHub): { stop(): void; stats(pausedShare: number): FlowStats } {
  const emitted: { readonly end: number; readonly time: number }[] = [];
  const latencies: number[] = [];
  let emittedBytes = 0;
  let acknowledgedBytes = 0;
  let batches = 0;

  const stopOutput = hub.onOutput((batch) => {
    batches++;
    emittedBytes += batch.serverBytes;
    if (batch.serverBytes > 0) {
      emitted.push({ end: emittedBytes, time: performance.now() });
    }
  });
  const acknowledge = hub.acknowledge.bind(hub);
  hub.acknowledge = (sessionId, byteCount) => {
    acknowledgedBytes += byteCount;
    const now = performance.now();
    while (emitted.length > 0 && emitted[0]!.end <= acknowledgedBytes) {
      latencies.push(now - emitted.shift()!.time);
    }
    acknowledge(sessionId, byteCount);
  };

  return {
    stop: () => {
      stopOutput();
      hub.acknowledge = acknowledge;
    },
    stats: (pausedShare) => ({
      batches,
      meanBatchBytes: batches === 0 ? 0 : emittedBytes / batches,
      medianAckMs: percentile(latencies, 0.5),
      p95AckMs: percentile(latencies, 0.95),
      pausedShare,
    }),
  };
}

async function readPageMetrics(cdp: CDPSession): Promise<PageMetrics> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const seconds = (name: string): number =>
    metrics.find((metric) => metric.name === name)?.value ?? 0;
  return {
    taskMs: seconds('TaskDuration') * 1000,
    scriptMs: seconds('ScriptDuration') * 1000,
    layoutMs: seconds('LayoutDuration') * 1000,
    styleMs: seconds('RecalcStyleDuration') * 1000,
  };
}

function subtractMetrics(after: PageMetrics, before: PageMetrics): PageMetrics {
  return {
    taskMs: after.taskMs - before.taskMs,
    scriptMs: after.scriptMs - before.scriptMs,
    layoutMs: after.layoutMs - before.layoutMs,
    styleMs: after.styleMs - before.styleMs,
  };
}

async function fillConnectionForm(page: Page, target: FloodTarget): Promise<void> {
  await page.getByLabel('Protocol').selectOption({ label: target.protocol });
  await page.getByLabel('Host').fill('127.0.0.1');
  await page.getByLabel('Port').fill(String(target.port));
  await page.getByLabel('Security').selectOption({ label: target.security });
  if (target.caFile !== undefined) {
    await page.getByText('Advanced').click();
    await page.getByLabel('CA file').fill(target.caFile);
  }
}

async function findBundle(page: Page): Promise<string> {
  const source = await page.evaluate(
    () => document.querySelector<HTMLScriptElement>('script[type="module"]')?.src ?? '',
  );
  return path.resolve('dist/renderer/assets', path.basename(new URL(source).pathname));
}

/** Streams `target` into a fresh page and returns once xterm acknowledged every byte. */
export async function runBrowserFlood(target: FloodTarget, profile: boolean): Promise<FloodRun> {
  const serve = await startBrowserModeServer({
    port: 0,
    rendererDir: path.resolve('dist/renderer'),
    logger: silentLogger,
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  const inspector = new InspectorSession();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.addInitScript(LONG_TASK_RECORDER);
    await page.goto(serve.url);
    await fillConnectionForm(page, target);
    const bundleFile = await findBundle(page);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: PROFILE_SAMPLING_INTERVAL_US });
      await cdp.send('Profiler.start');
      inspector.connect();
      await inspector.post('Profiler.enable');
      await inspector.post('Profiler.setSamplingInterval', {
        interval: PROFILE_SAMPLING_INTERVAL_US,
      });
      await inspector.post('Profiler.start');
    }

    let sessionId: string | null = null;
    let phase = '';
    serve.hub.onState((snapshot) => {
      sessionId = snapshot.sessionId;
      phase =
        snapshot.closeReason === null
          ? snapshot.phase
          : `${snapshot.phase} (${snapshot.closeReason})`;
    });
    const flow = watchFlow(serve.hub);
    const metricsBefore = await readPageMetrics(cdp);
    const pageStarted = await page.evaluate(() => performance.now());
    const started = performance.now();
    await page.getByRole('button', { name: 'Connect' }).click();

    let polls = 0;
    let pausedPolls = 0;
    let progress = '';
    let progressTime = performance.now();
    for (;;) {
      const session = sessionId === null ? undefined : serve.hub.find(sessionId);
      const state =
        session === undefined
          ? 'no session'
          : `${session.serverBytesReceived} bytes received, ${session.unacknowledgedBytes} unacknowledged, reading ${session.readingPaused ? 'paused' : 'on'}, phase ${phase}`;
      if (session !== undefined) {
        polls++;
        pausedPolls += session.readingPaused ? 1 : 0;
        if (
          session.serverBytesReceived === target.serverBytes &&
          session.unacknowledgedBytes === 0
        ) {
          break;
        }
      }
      if (state !== progress) {
        progress = state;
        progressTime = performance.now();
      } else if (performance.now() - progressTime > STALL_TIMEOUT_MS) {
        throw new Error(
          `flood of ${target.serverBytes} bytes stalled for ${STALL_TIMEOUT_MS} ms at ${state}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
    const seconds = (performance.now() - started) / 1000;
    flow.stop();

    const pageMetrics = subtractMetrics(await readPageMetrics(cdp), metricsBefore);
    const pageProfile = profile
      ? ((await cdp.send('Profiler.stop')) as { profile: CpuProfile }).profile
      : undefined;
    const nodeProfile = profile
      ? ((await inspector.post('Profiler.stop')) as { profile: CpuProfile }).profile
      : undefined;
    const longTasks = await page.evaluate(
      () => (window as unknown as { __benchLongTasks: [number, number][] }).__benchLongTasks,
    );
    const floodTasks = longTasks.filter(([start]) => start >= pageStarted);
    return {
      seconds,
      longestTaskMs: Math.max(0, ...floodTasks.map(([, duration]) => duration)),
      flow: flow.stats(polls === 0 ? 0 : pausedPolls / polls),
      pageMetrics,
      bundleFile,
      ...(pageProfile === undefined ? {} : { pageProfile }),
      ...(nodeProfile === undefined ? {} : { nodeProfile }),
    };
  } finally {
    inspector.disconnect();
    await browser.close();
    await serve.close();
  }
}
