/** Times the two clients that need no browser: `openssl s_client` and the engine alone. */
import { spawn } from 'node:child_process';

import { silentLogger } from '../electron/engine/logger';
import { SessionHub } from '../electron/engine/session-hub';

/** Returns the seconds `openssl s_client` takes to read the stream into /dev/null. */
export async function timeOpenssl(port: number, caFile: string): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    // -quiet also implies -ign_eof, so s_client reads until the server closes.
    const child = spawn(
      'openssl',
      ['s_client', '-connect', `127.0.0.1:${port}`, '-quiet', '-CAfile', caFile],
      { stdio: ['ignore', 'ignore', 'ignore'] },
    );
    child.on('error', reject);
    child.on('exit', () => resolve());
  });
  return (performance.now() - started) / 1000;
}

/**
 * Returns the seconds the engine takes to read the stream in a raw TLS session whose output is
 * acknowledged as soon as it is emitted, so that nothing but the engine limits the rate.
 */
export async function timeEngine(port: number, caFile: string, byteCount: number): Promise<number> {
  const hub = new SessionHub(silentLogger);
  let received = 0;
  hub.onOutput((batch) => {
    received += batch.serverBytes;
    hub.acknowledge(batch.sessionId, batch.serverBytes);
  });
  const done = new Promise<void>((resolve, reject) => {
    hub.onState((snapshot) => {
      if (snapshot.phase !== 'closed') {
        return;
      }
      if (received === byteCount) {
        resolve();
      } else {
        reject(
          new Error(`engine run ended after ${received} bytes: ${snapshot.closeReason ?? ''}`),
        );
      }
    });
  });
  const started = performance.now();
  await hub.open({ host: '127.0.0.1', port, protocol: 'raw', security: 'tls', caFile });
  await done;
  const seconds = (performance.now() - started) / 1000;
  hub.dispose();
  return seconds;
}
