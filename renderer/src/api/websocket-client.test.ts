import { describe, expect, it } from 'vitest';

import { makeError } from '../../../shared/errors';
import { decodeWireMessage, encodeWireMessage, type ServerMessage } from '../../../shared/ipc/wire';
import type { OutputBatch, SessionSnapshot } from '../../../shared/session';
import { EngineConnectionError, MailtapRequestError } from './request-errors';
import {
  MAX_REQUESTS_BEFORE_OPEN,
  WebSocketMailtapClient,
  type SocketFactory,
  type SocketHandlers,
} from './websocket-client';

interface SentRequest {
  readonly type: string;
  readonly id: number;
  readonly channel: string;
  readonly params: unknown;
}

/** A WebSocket stand-in that records what the client sends and lets the test play the engine. */
class FakeSocket {
  readonly sent: SentRequest[] = [];
  url = '';
  closeCalls = 0;
  failSends = false;
  handlers!: SocketHandlers;

  readonly factory: SocketFactory = (url, handlers) => {
    this.url = url;
    this.handlers = handlers;
    return {
      send: (text) => {
        if (this.failSends) {
          throw new Error('socket is closing');
        }
        this.sent.push(decodeWireMessage(text) as SentRequest);
      },
      close: () => {
        this.closeCalls++;
      },
    };
  };

  open(): void {
    this.handlers.onOpen();
  }

  receive(message: ServerMessage | Record<string, unknown>): void {
    this.handlers.onMessage(encodeWireMessage(message as ServerMessage));
  }

  respond(id: number, value: unknown): void {
    this.receive({ type: 'response', id, envelope: { ok: true, value } });
  }
}

function makeClient(): { socket: FakeSocket; client: WebSocketMailtapClient; problems: string[] } {
  const socket = new FakeSocket();
  const problems: string[] = [];
  const client = new WebSocketMailtapClient('ws://127.0.0.1:1/ws?token=t', {
    createSocket: socket.factory,
    reportProblem: (message) => problems.push(message),
  });
  return { socket, client, problems };
}

const SNAPSHOT: SessionSnapshot = {
  sessionId: 's1',
  revision: 1,
  host: 'mx.example.test',
  port: 25,
  protocol: 'smtp',
  security: 'plain',
  phase: 'ready',
  remoteAddress: '127.0.0.2',
  tls: null,
  capabilities: { keywords: ['PIPELINING'], underTls: false },
  upgrading: false,
  acceptedFingerprint: null,
  error: null,
  closeReason: null,
  auth: null,
};

const BATCH: OutputBatch = {
  sessionId: 's1',
  entries: [
    { kind: 'server', bytes: Uint8Array.of(0x32, 0x35, 0x30, 0x0d, 0x0a) },
    { kind: 'client', text: 'NOOP', automatic: false },
    { kind: 'note', level: 'info', text: 'hello' },
  ],
  serverBytes: 5,
};

describe('WebSocketMailtapClient requests', () => {
  it('queues requests until the socket opens', async () => {
    const { socket, client } = makeClient();
    const defaults = client.getDefaults();
    expect(socket.sent).toEqual([]);

    socket.open();
    expect(socket.sent).toEqual([
      { type: 'request', id: 1, channel: 'app:defaults', params: null },
    ]);

    socket.respond(1, { ehloName: 'me.test', deadlines: {} });
    await expect(defaults).resolves.toEqual({ ehloName: 'me.test', deadlines: {} });
  });

  it('gives each request its own id and channel', () => {
    const { socket, client } = makeClient();
    socket.open();
    void client.sendLine('s1', 'EHLO me');
    void client.startTls('s1');
    void client.closeSession('s1');
    void client.acknowledge('s1', 42);
    expect(socket.sent).toEqual([
      {
        type: 'request',
        id: 1,
        channel: 'session:send-line',
        params: { sessionId: 's1', text: 'EHLO me' },
      },
      { type: 'request', id: 2, channel: 'session:starttls', params: { sessionId: 's1' } },
      { type: 'request', id: 3, channel: 'session:close', params: { sessionId: 's1' } },
      {
        type: 'request',
        id: 4,
        channel: 'session:ack',
        params: { sessionId: 's1', byteCount: 42 },
      },
    ]);
  });

  it('matches responses by id, in any order', async () => {
    const { socket, client } = makeClient();
    socket.open();
    const first = client.sendLine('s1', 'a');
    const second = client.sendLine('s1', 'b');
    socket.respond(2, { sent: true });
    socket.respond(1, { sent: false, error: makeError('INPUT_TOO_LONG') });
    await expect(second).resolves.toEqual({ sent: true });
    await expect(first).resolves.toMatchObject({ sent: false, error: { code: 'INPUT_TOO_LONG' } });
  });

  it('rejects an error envelope with the catalog error', async () => {
    const { socket, client } = makeClient();
    socket.open();
    const opening = client.openSession({ host: '', port: 25, protocol: 'smtp', security: 'plain' });
    const error = makeError('INVALID_OPTIONS', { detail: 'host must not be empty' });
    socket.receive({ type: 'response', id: 1, envelope: { ok: false, error } });

    const reason: unknown = await opening.catch((caught: unknown) => caught);
    expect(reason).toBeInstanceOf(MailtapRequestError);
    expect((reason as MailtapRequestError).code).toBe('INVALID_OPTIONS');
    expect((reason as MailtapRequestError).mailtapError).toEqual(error);
    expect((reason as MailtapRequestError).channel).toBe('session:open');
  });

  it('rejects a malformed result as an internal error', async () => {
    const { socket, client } = makeClient();
    socket.open();
    const opening = client.openSession({
      host: 'h',
      port: 25,
      protocol: 'smtp',
      security: 'plain',
    });
    socket.respond(1, { sessionId: 's1' });
    const reason: unknown = await opening.catch((caught: unknown) => caught);
    expect((reason as MailtapRequestError).code).toBe('INTERNAL_ERROR');
  });

  it('reports a response to no pending request', () => {
    const { socket, problems } = makeClient();
    socket.open();
    socket.respond(99, null);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('99');
  });

  it('rejects a request whose send throws', async () => {
    const { socket, client } = makeClient();
    socket.open();
    socket.failSends = true;
    await expect(client.sendLine('s1', 'x')).rejects.toBeInstanceOf(EngineConnectionError);
  });

  it('bounds the requests waiting for the socket to open', async () => {
    const { client } = makeClient();
    for (let i = 0; i < MAX_REQUESTS_BEFORE_OPEN; i++) {
      void client.acknowledge('s1', 1).catch(() => undefined);
    }
    await expect(client.acknowledge('s1', 1)).rejects.toBeInstanceOf(EngineConnectionError);
  });
});

describe('WebSocketMailtapClient events', () => {
  it('dispatches output batches with their bytes', () => {
    const { socket, client } = makeClient();
    const batches: OutputBatch[] = [];
    client.onSessionOutput((batch) => batches.push(batch));
    socket.open();
    socket.receive({ type: 'event', channel: 'session:output', payload: BATCH });
    expect(batches).toEqual([BATCH]);
    const first = batches[0]!.entries[0]!;
    expect(first.kind).toBe('server');
    expect(first.kind === 'server' ? first.bytes : null).toBeInstanceOf(Uint8Array);
  });

  it('dispatches snapshots', () => {
    const { socket, client } = makeClient();
    const snapshots: SessionSnapshot[] = [];
    client.onSessionState((snapshot) => snapshots.push(snapshot));
    socket.receive({ type: 'event', channel: 'session:state', payload: SNAPSHOT });
    expect(snapshots).toEqual([SNAPSHOT]);
  });

  it('stops calling a listener once disposed', () => {
    const { socket, client } = makeClient();
    const snapshots: SessionSnapshot[] = [];
    const dispose = client.onSessionState((snapshot) => snapshots.push(snapshot));
    dispose();
    dispose();
    socket.receive({ type: 'event', channel: 'session:state', payload: SNAPSHOT });
    expect(snapshots).toEqual([]);
  });

  it('keeps other listeners when one throws', () => {
    const { socket, client, problems } = makeClient();
    const snapshots: SessionSnapshot[] = [];
    client.onSessionState(() => {
      throw new Error('boom');
    });
    client.onSessionState((snapshot) => snapshots.push(snapshot));
    socket.receive({ type: 'event', channel: 'session:state', payload: SNAPSHOT });
    expect(snapshots).toHaveLength(1);
    expect(problems[0]).toContain('boom');
  });

  const malformed: (readonly [string, unknown])[] = [
    ['not JSON', '{'],
    ['an ArrayBuffer', new ArrayBuffer(4)],
    ['a binary frame of an unknown version', Uint8Array.from([9, 0, 0, 0, 2, 123, 125])],
    [
      'a binary frame with a blob out of range',
      Uint8Array.from([1, 0, 0, 0, 17, ...Buffer.from('{"$blob":[0,99]}x')]),
    ],

    ['unknown type', encodeWireMessage({ type: 'push' } as unknown as ServerMessage)],
    ['unknown channel', JSON.stringify({ type: 'event', channel: 'session:evil', payload: {} })],
    [
      'bytes as a string',
      JSON.stringify({
        type: 'event',
        channel: 'session:output',
        payload: { ...BATCH, entries: [{ kind: 'server', bytes: 'AAAA' }] },
      }),
    ],
    [
      'bad note level',
      JSON.stringify({
        type: 'event',
        channel: 'session:output',
        payload: { ...BATCH, entries: [{ kind: 'note', level: 'fatal', text: 'x' }] },
      }),
    ],
    [
      'negative serverBytes',
      JSON.stringify({
        type: 'event',
        channel: 'session:output',
        payload: { sessionId: 's1', entries: [], serverBytes: -1 },
      }),
    ],
    [
      'snapshot with bad phase',
      JSON.stringify({
        type: 'event',
        channel: 'session:state',
        payload: { ...SNAPSHOT, phase: 'dancing' },
      }),
    ],
    [
      'snapshot without tls',
      JSON.stringify({
        type: 'event',
        channel: 'session:state',
        payload: { ...SNAPSHOT, tls: undefined },
      }),
    ],
    [
      'envelope without error code',
      JSON.stringify({ type: 'response', id: 1, envelope: { ok: false, error: { message: 'x' } } }),
    ],
  ];

  it.each(malformed)('ignores and reports %s', (_name, data) => {
    const { socket, client, problems } = makeClient();
    const received: unknown[] = [];
    client.onSessionOutput((batch) => received.push(batch));
    client.onSessionState((snapshot) => received.push(snapshot));
    socket.open();
    socket.handlers.onMessage(data);
    expect(received).toEqual([]);
    expect(problems).toHaveLength(1);
  });
});

describe('WebSocketMailtapClient link state', () => {
  it('moves from connecting to open to closed', () => {
    const { socket, client } = makeClient();
    const states: string[] = [];
    client.onStateChange((state) => states.push(state));
    expect(client.state).toBe('connecting');

    socket.open();
    socket.handlers.onClose(1006, '');
    expect(states).toEqual(['open', 'closed']);
    expect(client.everOpened).toBe(true);
    expect(client.closeDetail).toBe('code 1006');
  });

  it('rejects pending and queued requests when the socket closes', async () => {
    const { socket, client } = makeClient();
    const queued = client.getDefaults();
    socket.handlers.onClose(1008, 'invalid token');
    const reason: unknown = await queued.catch((caught: unknown) => caught);
    expect(reason).toBeInstanceOf(EngineConnectionError);
    expect((reason as Error).message).toContain('invalid token');
    expect(client.everOpened).toBe(false);
  });

  it('rejects requests made after the socket closed', async () => {
    const { socket, client } = makeClient();
    socket.open();
    socket.handlers.onClose(1001, 'going away');
    await expect(client.sendLine('s1', 'x')).rejects.toBeInstanceOf(EngineConnectionError);
    expect(socket.sent).toEqual([]);
  });

  it('closes the socket on request', () => {
    const { socket, client } = makeClient();
    client.close();
    expect(socket.closeCalls).toBe(1);
  });
});
