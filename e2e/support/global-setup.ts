import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startMailRig, type MailRigInfo } from '../rig/index';
import { findMissingPrerequisites } from '../rig/require-tools';
import { chromiumAvailable, chromiumPath } from './chromium';
import { E2E_ENV_KEY, type E2eEnvironment } from './environment';
import { startServe } from './serve';

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
  // Saved connections go to a folder of this run, never to the user's own configuration.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailtap-e2e-data-'));
  let serve: Awaited<ReturnType<typeof startServe>>;
  const logFile = path.join(dataDir, 'serve.log');
  try {
    serve = await startServe(dataDir, logFile);
  } catch (error) {
    await rig.stop();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  const info: MailRigInfo = rig.info;
  const environment: E2eEnvironment = {
    skipReason: null,
    rig: info,
    serve: { url: serve.url, port: serve.port, token: serve.token, logFile },
  };
  process.env[E2E_ENV_KEY] = JSON.stringify(environment);

  return async () => {
    serve.child.kill('SIGTERM');
    await rig.stop();
    await rm(dataDir, { recursive: true, force: true });
  };
}
