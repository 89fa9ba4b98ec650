/**
 * The benchmark's TLS server. `spawnStreamServer` runs it in a child process, as a mail server
 * would be, so that its encryption does not share an event loop with the engine under test.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';
import { pathToFileURL } from 'node:url';

import { buildStreamBytes } from './flood-inputs';

export interface StreamServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a TLS server on 127.0.0.1 that sends `payload` to every client and then closes. */
export async function startStreamServer(
  payload: Uint8Array,
  certPem: string,
  keyPem: string,
): Promise<StreamServer> {
  const sockets = new Set<tls.TLSSocket>();
  const server = tls.createServer({ cert: certPem, key: keyPem }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Starts the server in a child process that sends `byteCount` bytes of benchmark lines to every
 * client. The certificate file contains the leaf and its intermediate, in that order.
 */
export async function spawnStreamServer(
  byteCount: number,
  certFile: string,
  keyFile: string,
): Promise<StreamServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL(import.meta.url).pathname, String(byteCount), certFile, keyFile],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`stream server exited with code ${code}`)));
    child.stdout.once('data', (data: Buffer) => resolve(Number(data.toString().trim())));
  });
  return {
    port,
    close: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [byteCount, certFile, keyFile] = process.argv.slice(2);
  const server = await startStreamServer(
    buildStreamBytes(Number(byteCount)),
    await readFile(certFile!, 'utf8'),
    await readFile(keyFile!, 'utf8'),
  );
  process.stdout.write(`${server.port}\n`);
}
