/**
 * Pastes 1,000 and 20,000 lines into the Command box of browser mode in Chromium, sends them with
 * Enter, and writes the lines per second and the longest stall of the page to
 * docs/paste-benchmark.md. The session is raw and plain, to a loopback server that only counts
 * lines, so the figures are the console's own cost. Run with `npm run bench:paste` after
 * `npm run build`.
 */
import { execFileSync } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { writeFile } from 'node:fs/promises';

import { chromium, type Page } from '@playwright/test';

import { startBrowserModeServer } from '../electron/browser-mode/server';
import { silentLogger } from '../electron/engine/logger';
import { chromiumLaunchOptions, chromiumPath } from '../e2e/support/chromium';

const LINE_COUNTS = [1_000, 20_000];
/** A run that has not finished by then is reported from the lines sent so far. */
const RUN_LIMIT_MS = 120_000;
const POLL_MS = 20;
/** The page's probe timer; a tick later than this interval by more counts as a stall. */
const PROBE_INTERVAL_MS = 50;
/** The same script's result on the console that sent one request per line, for comparison. */
const BEFORE_SEND_LINES = [
  'Before the `session:send-lines` request, the console sent one request per line and rebuilt',
  'the rest of the box after each. The same script then measured, on the same machine, 1,000',
  'lines in 8.05 s (124 lines per second, longest stall 54 ms), and 20,000 lines at 2 lines per',
  'second (207 lines sent in 120 s, longest stall 4,272 ms).',
];
const REPORT = path.resolve(process.env['MAILTAP_PASTE_REPORT'] ?? 'docs/paste-benchmark.md');

interface LineSink {
  readonly port: number;
  readonly lines: () => number;
  close(): Promise<void>;
}

/** Starts a TCP server on 127.0.0.1 that reads everything and counts line feeds. */
async function startLineSink(): Promise<LineSink> {
  let count = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (chunk: Buffer) => {
      for (const byte of chunk) {
        if (byte === 0x0a) count++;
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    lines: () => count,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function pasteText(lineCount: number): string {
  const lines: string[] = [];
  for (let index = 1; index <= lineCount; index++) {
    lines.push(`line ${String(index).padStart(6, '0')} ${'lorem ipsum dolor sit amet '.repeat(2)}`);
  }
  return lines.join('\n');
}

/** Puts text into the focused Command box as one paste would: one input event with all of it. */
async function pasteIntoCommandBox(page: Page, text: string): Promise<void> {
  await page.getByLabel('Command').evaluate((box, value) => {
    const textarea = box as HTMLTextAreaElement;
    // React tracks the value it last set, so a plain assignment would look like no change.
    Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value')?.set?.call(
      textarea,
      value,
    );
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }, text);
}

/**
 * Starts a timer in the page that records how late its ticks run, i.e. how long the page stalls.
 * The script is a string because the bundler that runs this file renames functions inside an
 * evaluated function with a helper that does not exist in the page.
 */
async function startStallProbe(page: Page): Promise<void> {
  await page.evaluate(`(() => {
    const probe = { maxLateMs: 0 };
    globalThis.stallProbe = probe;
    let expected = performance.now() + ${PROBE_INTERVAL_MS};
    const tick = () => {
      const now = performance.now();
      probe.maxLateMs = Math.max(probe.maxLateMs, now - expected);
      expected = now + ${PROBE_INTERVAL_MS};
      setTimeout(tick, ${PROBE_INTERVAL_MS});
    };
    setTimeout(tick, ${PROBE_INTERVAL_MS});
  })()`);
}

async function readStall(page: Page): Promise<number> {
  return page.evaluate<number>('globalThis.stallProbe.maxLateMs');
}

interface RunResult {
  readonly lineCount: number;
  readonly sentLines: number;
  readonly seconds: number;
  readonly finished: boolean;
  readonly maxStallMs: number;
}

async function runPaste(lineCount: number): Promise<RunResult> {
  const sink = await startLineSink();
  const serve = await startBrowserModeServer({
    port: 0,
    rendererDir: path.resolve('dist/renderer'),
    logger: silentLogger,
  });
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(serve.url);
    await page.getByLabel('Protocol').selectOption({ label: 'Raw TCP' });
    await page.getByLabel('Host').fill('127.0.0.1');
    await page.getByLabel('Port').fill(String(sink.port));
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('status').getByText('Connected').waitFor();

    await pasteIntoCommandBox(page, pasteText(lineCount));
    await startStallProbe(page);
    const box = page.getByLabel('Command');
    const started = process.hrtime.bigint();
    await box.press('Enter');
    const elapsed = (): number => Number(process.hrtime.bigint() - started) / 1e6;
    let finished = false;
    while (elapsed() < RUN_LIMIT_MS) {
      if (sink.lines() >= lineCount && (await box.inputValue()) === '') {
        finished = true;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    const seconds = elapsed() / 1000;
    return {
      lineCount,
      sentLines: sink.lines(),
      seconds,
      finished,
      maxStallMs: await readStall(page),
    };
  } finally {
    await browser.close();
    await serve.close();
    await sink.close();
  }
}

function describeMachine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const chromiumVersion = execFileSync(chromiumPath(), ['--version'], { encoding: 'utf8' }).trim();
  return [
    `- Machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB RAM, ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}; ${chromiumVersion}`,
  ];
}

function row(result: RunResult): string {
  const rate = result.sentLines / result.seconds;
  const outcome = result.finished
    ? `${result.seconds.toFixed(2)} s`
    : `stopped after ${result.seconds.toFixed(0)} s, ${result.sentLines} lines sent`;
  return `| ${result.lineCount} | ${outcome} | ${rate.toFixed(0)} | ${result.maxStallMs.toFixed(0)} |`;
}

async function main(): Promise<void> {
  const results: RunResult[] = [];
  for (const lineCount of LINE_COUNTS) {
    results.push(await runPaste(lineCount));
    process.stderr.write(`${lineCount} lines done\n`);
  }
  const report = [
    '# Paste benchmark',
    '',
    'A block of lines is pasted into the Command box of browser mode in Chromium and sent with',
    'Enter, in a raw plaintext session to a loopback server that only counts lines. The time runs',
    'from Enter until the server has every line and the box is empty. The stall column is the',
    `longest delay of a ${PROBE_INTERVAL_MS} ms timer in the page meanwhile, i.e. how long a click`,
    `would have waited. Runs stop after ${RUN_LIMIT_MS / 1000} s. Produced by \`npm run bench:paste\``,
    '(bench/paste.ts).',
    '',
    ...BEFORE_SEND_LINES,
    '',
    '| lines | time | lines per second | longest stall (ms) |',
    '|---|---|---|---|',
    ...results.map(row),
    '',
    `Measured ${new Date().toISOString().slice(0, 10)}:`,
    '',
    ...describeMachine(),
    '',
  ].join('\n');
  await writeFile(REPORT, report);
  process.stdout.write(`${report}\n`);
}

await main();
