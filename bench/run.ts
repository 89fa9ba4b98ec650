/**
 * Streams 50 MiB over TLS from a loopback server three ways and writes the throughput to
 * docs/benchmarks.md: `openssl s_client` into /dev/null (the baseline), the engine alone, and
 * browser mode into xterm.js in Chromium. Run with `npm run bench` after `npm run build`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { chromium } from '@playwright/test';

import { silentLogger } from '../electron/engine/logger';
import { startBrowserModeServer } from '../electron/browser-mode/server';
import { SessionHub } from '../electron/engine/session-hub';
import { chromiumLaunchOptions, chromiumPath } from '../e2e/support/chromium';
import { createTestPki } from '../e2e/rig/pki';
import { buildStream, startStreamServer } from './stream-server';

const STREAM_BYTES = 50 * 1024 * 1024;
const RUNS = 3;
const MIB = 1024 * 1024;
const REPORT = path.resolve('docs/benchmarks.md');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeOpenssl(port: number, caFile: string): Promise<number> {
  const started = process.hrtime.bigint();
  await new Promise<void>((resolve, reject) => {
    // -quiet also implies -ign_eof, so s_client reads until the server closes.
    const child = spawn(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, '-quiet', '-CAfile', caFile],
      {
        stdio: ['ignore', 'ignore', 'ignore'],
      },
    );
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function timeEngine(port: number, caFile: string): Promise<number> {
  const hub = new SessionHub(silentLogger);
  let received = 0;
  hub.onOutput((batch) => {
    received += batch.serverBytes;
    hub.acknowledge(batch.sessionId, batch.serverBytes);
  });
  const started = process.hrtime.bigint();
  const done = new Promise<void>((resolve, reject) => {
    hub.onState((snapshot) => {
      if (snapshot.phase === 'closed') {
        if (received === STREAM_BYTES) {
          resolve();
        } else {
          reject(
            new Error(`engine run ended after ${received} bytes: ${snapshot.closeReason ?? ''}`),
          );
        }
      }
    });
  });
  await hub.open({ host: '127.0.0.1', port, protocol: 'raw', security: 'tls', caFile });
  await done;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  hub.dispose();
  return seconds;
}

async function timeBrowser(port: number, caFile: string): Promise<number> {
  const serve = await startBrowserModeServer({
    port: 0,
    rendererDir: path.resolve('dist/renderer'),
    logger: silentLogger,
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByLabel('Protocol').selectOption({ label: 'Raw TLS' });
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(port));
    await page.getByText('Advanced').click();
    await page.getByLabel('CA file').fill(caFile);

    let sessionId: string | null = null;
    serve.hub.onState((snapshot) => {
      sessionId = snapshot.sessionId;
    });
    const started = process.hrtime.bigint();
    await page.getByRole('button', { name: 'Connect' }).click();
    // Done when the stream ended and xterm has acknowledged writing every byte of it.
    for (;;) {
      const session = sessionId === null ? undefined : serve.hub.find(sessionId);
      if (
        session !== undefined &&
        session.closed &&
        session.serverBytesReceived === STREAM_BYTES &&
        session.unacknowledgedBytes === 0
      ) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return Number(process.hrtime.bigint() - started) / 1e9;
  } finally {
    await browser.close();
    await serve.close();
  }
}

function describeMachine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const opensslVersion = execFileSync('openssl', ['version'], { encoding: 'utf8' }).trim();
  const chromiumVersion = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  return [
    `- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}; ${opensslVersion}; ${chromiumVersion}`,
  ];
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-bench-'));
  try {
    const pki = await createTestPki(dir);
    const payload = buildStream(STREAM_BYTES);
    const server = await startStreamServer(
      payload,
      `${pki.leaf.certPem}${pki.intermediate.certPem}`,
      pki.leaf.key.keyPem,
    );
    const results: Record<string, number[]> = { openssl: [], engine: [], browser: [] };
    for (let run = 1; run <= RUNS; run++) {
      results['openssl']!.push(await timeOpenssl(server.port, pki.caFile));
      process.stderr.write(`run ${run}/${RUNS}: openssl done\n`);
      results['engine']!.push(await timeEngine(server.port, pki.caFile));
      process.stderr.write(`run ${run}/${RUNS}: engine done\n`);
      results['browser']!.push(await timeBrowser(server.port, pki.caFile));
      process.stderr.write(`run ${run}/${RUNS}: browser done\n`);
    }

    await server.close();

    const rate = (name: string): number => STREAM_BYTES / MIB / median(results[name]!);
    const baseline = rate('openssl');
    const row = (label: string, name: string): string =>
      `| ${label} | ${median(results[name]!).toFixed(2)} | ${rate(name).toFixed(1)} | ${(rate(name) / baseline).toFixed(2)} |`;
    const report = [
      '# Benchmarks',
      '',
      '## TLS stream throughput',
      '',
      `A loopback TLS server (Node.js, TLS 1.3) sends ${STREAM_BYTES / MIB} MiB of 80-byte text lines and closes.`,
      `Each client reads it ${RUNS} times; the table shows the median. Produced by \`npm run bench\` (bench/run.ts).`,
      '',
      '| client | seconds | MiB/s | ratio to openssl |',
      '|---|---|---|---|',
      row('`openssl s_client -quiet` into /dev/null', 'openssl'),
      row('Mailtap engine alone (raw TLS session, instant acknowledgement)', 'engine'),
      row('Mailtap browser mode into xterm.js in Chromium', 'browser'),
      '',
      'The browser figure counts until xterm.js has written, and the renderer acknowledged, every byte.',
      '',
      `Measured ${new Date().toISOString().slice(0, 10)}:`,
      '',
      ...describeMachine(),
      '',
    ].join('\n');
    await writeFile(REPORT, report);
    process.stdout.write(`${report}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
