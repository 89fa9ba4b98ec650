import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { startMailRig, type MailRigInfo } from '../rig/index';
import { findMissingPrerequisites } from '../rig/require-tools';
import { chromiumAvailable, chromiumPath } from './chromium';
import { E2E_ENV_KEY, type E2eEnvironment } from './environment';

/** Browser mode builds nothing at start, so it prints its address within a few seconds. */
const SERVE_START_TIMEOUT_MS = 20_000;
const SERVE_ENTRY = path.resolve('dist/serve/cli.mjs');
const LISTENING_LINE = /^Mailtap is listening at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=(\S+))$/;

/** Starts the built browser-mode server and reads the one line it prints. */
async function startServe(): Promise<{
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
  const child = spawn(process.execPath, [SERVE_ENTRY, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
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

/**
 * Starts the mail rig and browser mode once for all specs and hands their addresses to the
 * workers through an environment variable. Missing servers or Chromium skip the specs with a
 * reason, except under CI=true, where they fail the run.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const reasons: string[] = [];
  const serverProblem = await findMissingPrerequisites();
  if (serverProblem !== null) {
    reasons.push(serverProblem);
  }
  if (!chromiumAvailable()) {
    const reason = `Chromium not found at ${chromiumPath()} (install the Debian package chromium, or set MAILTAP_CHROMIUM).`;
    if (process.env['CI'] === 'true') {
      throw new Error(reason);
    }
    reasons.push(reason);
  }
  if (reasons.length > 0) {
    process.stderr.write(`Skipping end-to-end tests: ${reasons.join(' ')}\n`);
    const environment: E2eEnvironment = { skipReason: reasons.join(' '), rig: null, serve: null };
    process.env[E2E_ENV_KEY] = JSON.stringify(environment);
    return async () => {};
  }

  const rig = await startMailRig();
  let serve: Awaited<ReturnType<typeof startServe>>;
  try {
    serve = await startServe();
  } catch (error) {
    await rig.stop();
    throw error;
  }
  const info: MailRigInfo = rig.info;
  const environment: E2eEnvironment = {
    skipReason: null,
    rig: info,
    serve: { url: serve.url, port: serve.port, token: serve.token },
  };
  process.env[E2E_ENV_KEY] = JSON.stringify(environment);

  return async () => {
    serve.child.kill('SIGTERM');
    await rig.stop();
  };
}
