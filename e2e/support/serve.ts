import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Browser mode builds nothing at start, so it prints its address within a few seconds. */
const SERVE_START_TIMEOUT_MS = 20_000;
const SERVE_ENTRY = path.resolve('dist/serve/cli.mjs');
const LISTENING_LINE = /^Mailtap is listening at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;

/**
 * Starts the built browser-mode server and reads the one line it prints. With `logFile`, its
 * JSON log goes there at debug level, so a spec can check that no secret reached it.
 */
export async function startServe(
  dataDir: string,
  logFile?: string,
): Promise<{
  child: ChildProcess;
  url: string;
  port: number;
  token: string;
}> {
  if (!existsSync(SERVE_ENTRY)) {
    throw new Error(
      `${SERVE_ENTRY} is missing; run \`npm run build\` before the end-to-end tests.`,
    );
  }
  const logFd = logFile === undefined ? null : openSync(logFile, 'a');
  const child = spawn(process.execPath, [SERVE_ENTRY, '--port', '0', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', logFd ?? 'inherit'],
    env: logFd === null ? process.env : { ...process.env, MAILTAP_LOG_LEVEL: 'debug' },
  });
  if (logFd !== null) {
    // The child has its own copy of the descriptor.
    closeSync(logFd);
  }

  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser mode printed nothing within ${SERVE_START_TIMEOUT_MS} ms`)),
      SERVE_START_TIMEOUT_MS,
    );
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
    child.once('exit', (code) =>
      reject(new Error(`browser mode exited with code ${code ?? 'null'} before listening`)),
    );
  });
  const match = LISTENING_LINE.exec(first);
  if (match === null) {
    child.kill();
    throw new Error(`unexpected first line from browser mode: ${first}`);
  }
  return { child, url: match[1]!, port: Number(match[2]), token: match[3]! };
}

/** Stops a browser-mode process with SIGTERM and waits until it has exited. */
export async function stopServe(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}
