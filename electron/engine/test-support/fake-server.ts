import net from 'node:net';

/** A scripted plaintext TCP server on loopback for hostile and irregular server behaviour. */
export interface FakeServer {
  readonly port: number;
  readonly host: string;
  /** Every byte each connection received, in order of connection. */
  readonly received: Buffer[];
  readonly connections: net.Socket[];
  close(): Promise<void>;
}

export async function startFakeServer(
  onConnection: (socket: net.Socket, index: number) => void,
  host = '127.0.0.1',
): Promise<FakeServer> {
  const received: Buffer[] = [];
  const connections: net.Socket[] = [];
  const server = net.createServer((socket) => {
    const index = connections.length;
    connections.push(socket);
    received[index] = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received[index] = Buffer.concat([received[index]!, chunk]);
    });
    socket.on('error', () => undefined);
    onConnection(socket, index);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    host,
    received,
    connections,
    close: async () => {
      for (const socket of connections) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Calls `handler` for each complete CRLF- or LF-terminated line the socket receives. */
export function onLines(socket: net.Socket, handler: (line: string) => void): void {
  let pending = '';
  socket.on('data', (chunk: Buffer) => {
    pending += chunk.toString('latin1');
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      handler(line);
    }
  });
}
