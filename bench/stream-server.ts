import tls from 'node:tls';
import type { AddressInfo } from 'node:net';

/** One line of the stream: printable text of a typical terminal width, CRLF-terminated. */
const LINE = `${'250-'}${'mailtap-benchmark-'.repeat(4)}${'x'.repeat(4)}\r\n`;

/** Builds `byteCount` bytes of whole lines (the last line is cut to fit). */
export function buildStream(byteCount: number): Buffer {
  const repeated = Buffer.from(LINE.repeat(Math.ceil(byteCount / LINE.length)), 'latin1');
  return repeated.subarray(0, byteCount);
}

export interface StreamServer {
  readonly port: number;
  close(): Promise<void>;
}

/** Starts a TLS server on 127.0.0.1 that sends `payload` to every client and then closes. */
export async function startStreamServer(
  payload: Buffer,
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
