import net from 'node:net';
import tls from 'node:tls';

import type { ProtocolId } from '../../../shared/presets';

/** Key and certificate chain a fake server presents after STARTTLS. */
export interface ServerIdentity {
  readonly key: string;
  readonly cert: string;
}

/** Reply and faults of a fake server at STARTTLS, STLS or `tag STARTTLS`. */
export interface StarttlsBehaviour {
  /** The reply, `{tag}` standing for the client's tag; defaults to the protocol's go-ahead. */
  readonly answer?: string;
  /** Bytes sent in the same write right after the reply (response injection). */
  readonly injectWithAnswer?: string;
  /** Sent when the client's first TLS bytes arrive, instead of a TLS handshake. */
  readonly injectBeforeHandshake?: string;
  /** Server behaviour when the client starts the handshake: `tls` (default), or a fault. */
  readonly onClientHello?: 'tls' | 'close' | 'reset' | 'silence' | 'trickle';
}

export interface FakeMailServerOptions {
  readonly protocol: Exclude<ProtocolId, 'raw'>;
  /** The greeting line; defaults to a plain ready greeting. */
  readonly greeting?: string;
  /** Capabilities before and after TLS: EHLO keywords, IMAP capabilities, or CAPA lines. */
  readonly capabilitiesBeforeTls?: readonly string[];
  readonly capabilitiesAfterTls?: readonly string[];
  readonly starttls?: StarttlsBehaviour;
  /** Replies by command verb that replace the defaults, e.g. `{ AUTH: '334 VXNlcm5hbWU6' }`. */
  readonly replies?: Readonly<Record<string, string>>;
  readonly identity?: ServerIdentity;
  readonly host?: string;
}

/** Bytes one connection received, split at the TLS upgrade. */
export interface FakeConnection {
  plaintext: string;
  encrypted: string;
  /** The SNI the client sent, once TLS is up; null when it sent none. */
  servername: string | null | undefined;
  upgraded: boolean;
  readonly socket: net.Socket;
}

export interface FakeMailServer {
  readonly port: number;
  readonly host: string;
  readonly connections: FakeConnection[];
  close(): Promise<void>;
}

const DEFAULT_CAPABILITIES: Readonly<Record<FakeMailServerOptions['protocol'], string[]>> = {
  smtp: ['PIPELINING', 'STARTTLS'],
  imap: ['IMAP4rev1', 'STARTTLS', 'LOGINDISABLED'],
  pop3: ['STLS', 'USER'],
};
const DEFAULT_TLS_CAPABILITIES: Readonly<Record<FakeMailServerOptions['protocol'], string[]>> = {
  smtp: ['PIPELINING', 'AUTH PLAIN LOGIN'],
  imap: ['IMAP4rev1', 'AUTH=PLAIN'],
  pop3: ['USER', 'SASL PLAIN'],
};
const GREETINGS: Readonly<Record<FakeMailServerOptions['protocol'], string>> = {
  smtp: '220 fake.mailtap.test ESMTP ready',
  imap: '* OK fake IMAP ready',
  pop3: '+OK fake POP3 ready',
};
const GO_AHEAD: Readonly<Record<FakeMailServerOptions['protocol'], string>> = {
  smtp: '220 2.0.0 Ready to start TLS',
  imap: '{tag} OK Begin TLS negotiation now',
  pop3: '+OK Begin TLS negotiation',
};

/** Reads CRLF- or LF-terminated lines from a stream until `stop` is called. */
function readLines(stream: NodeJS.ReadableStream, onLine: (line: string) => void): () => void {
  let pending = '';
  const onData = (chunk: Buffer): void => {
    pending += chunk.toString('latin1');
    for (let newline = pending.indexOf('\n'); newline >= 0; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline).replace(/\r$/, '');
      pending = pending.slice(newline + 1);
      onLine(line);
    }
  };
  stream.on('data', onData);
  return () => stream.off('data', onData);
}

/**
 * Starts a scripted SMTP, IMAP or POP3 server on loopback that offers STARTTLS and can misbehave at the
 * upgrade: refuse it, inject plaintext with or after the go-ahead, or fail the handshake. Every
 * byte it receives is kept, split at the upgrade, so tests can prove what went out in plaintext.
 */
export async function startFakeMailServer(options: FakeMailServerOptions): Promise<FakeMailServer> {
  const { protocol } = options;
  const connections: FakeConnection[] = [];
  const sockets = new Set<net.Socket>();
  const before = options.capabilitiesBeforeTls ?? DEFAULT_CAPABILITIES[protocol];
  const after = options.capabilitiesAfterTls ?? DEFAULT_TLS_CAPABILITIES[protocol];

  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const connection: FakeConnection = {
      plaintext: '',
      encrypted: '',
      servername: undefined,
      upgraded: false,
      socket,
    };
    connections.push(connection);
    const recordPlaintext = (chunk: Buffer): void => {
      connection.plaintext += chunk.toString('latin1');
    };
    socket.on('data', recordPlaintext);
    socket.write(`${options.greeting ?? GREETINGS[protocol]}\r\n`);

    let writeLine = (text: string): void => void socket.write(`${text}\r\n`);
    const answer = (line: string, secure: boolean): void => {
      const words = line.split(' ');
      const tag = protocol === 'imap' ? (words[0] ?? '*') : '';
      const verb = (protocol === 'imap' ? words[1] : words[0])?.toUpperCase() ?? '';
      const capabilities = secure ? after : before;
      if (verb === 'STARTTLS' || verb === 'STLS') {
        stopPlainLines();
        upgrade(tag);
        return;
      }
      writeLine(options.replies?.[verb] ?? replyFor(protocol, verb, tag, capabilities));
    };
    const stopPlainLines = readLines(socket, (line) => answer(line, false));

    const upgrade = (tag: string): void => {
      const behaviour = options.starttls ?? {};
      const goAhead = (behaviour.answer ?? GO_AHEAD[protocol]).replaceAll('{tag}', tag);
      socket.write(`${goAhead}\r\n${behaviour.injectWithAnswer ?? ''}`);
      if (!isGoAhead(protocol, goAhead)) {
        // A refusal keeps the dialogue in plaintext.
        readLines(socket, (line) => answer(line, false));
        return;
      }
      const mode = behaviour.onClientHello ?? 'tls';
      if (mode === 'tls' && behaviour.injectBeforeHandshake === undefined) {
        // TLS takes over the socket now, so it reads the ClientHello itself.
        socket.off('data', recordPlaintext);
        startServerTls(socket, mode);
        return;
      }
      socket.once('data', (clientHello: Buffer) => {
        socket.off('data', recordPlaintext);
        connection.plaintext = connection.plaintext.slice(0, -clientHello.length);
        if (behaviour.injectBeforeHandshake !== undefined) {
          socket.write(behaviour.injectBeforeHandshake);
          return;
        }
        startServerTls(socket, mode);
      });
    };

    const startServerTls = (raw: net.Socket, mode: StarttlsBehaviour['onClientHello']): void => {
      if (mode === 'close') {
        raw.end();
        return;
      }
      if (mode === 'reset') {
        raw.resetAndDestroy();
        return;
      }
      if (mode === 'silence') {
        return;
      }
      if (mode === 'trickle') {
        // A TLS record header that never completes, one byte at a time.
        const bytes = [0x16, 0x03, 0x03, 0x40, 0x00];
        const timer = setInterval(() => raw.write(Buffer.from([bytes.shift() ?? 0x00])), 20);
        raw.on('close', () => clearInterval(timer));
        return;
      }
      if (options.identity === undefined) {
        throw new Error('startFakeMailServer needs an identity to complete a TLS handshake');
      }
      const secure = new tls.TLSSocket(raw, {
        isServer: true,
        secureContext: tls.createSecureContext(options.identity),
      });
      secure.on('error', () => undefined);
      secure.on('secure', () => {
        connection.upgraded = true;
        connection.servername = (secure as tls.TLSSocket & { servername?: string | false })
          .servername as string | null;
        if (connection.servername === undefined || (connection.servername as unknown) === false) {
          connection.servername = null;
        }
      });
      secure.on('data', (chunk: Buffer) => {
        connection.encrypted += chunk.toString('latin1');
      });
      writeLine = (text: string): void => void secure.write(`${text}\r\n`);
      readLines(secure, (line) => answer(line, true));
    };
  });

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    host,
    connections,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Returns whether the last line of a reply starts TLS. */
function isGoAhead(protocol: FakeMailServerOptions['protocol'], answer: string): boolean {
  const line = answer.split('\r\n').at(-1) ?? '';
  switch (protocol) {
    case 'smtp':
      return line.startsWith('220');
    case 'imap':
      return / OK/i.test(line) && !line.startsWith('*') && !line.startsWith('+');
    case 'pop3':
      return line.startsWith('+OK');
  }
}

function replyFor(
  protocol: FakeMailServerOptions['protocol'],
  verb: string,
  tag: string,
  capabilities: readonly string[],
): string {
  if (protocol === 'smtp') {
    if (verb === 'EHLO') {
      const lines = ['fake.mailtap.test', ...capabilities];
      return lines
        .map((text, index) => `250${index === lines.length - 1 ? ' ' : '-'}${text}`)
        .join('\r\n');
    }
    if (verb === 'AUTH') {
      return '235 2.7.0 Authentication successful';
    }
    return verb === 'QUIT' ? '221 2.0.0 Bye' : '250 2.0.0 Ok';
  }
  if (protocol === 'imap') {
    if (verb === 'CAPABILITY') {
      return `* CAPABILITY ${capabilities.join(' ')}\r\n${tag} OK CAPABILITY completed`;
    }
    return `${tag} OK ${verb} completed`;
  }
  if (verb === 'CAPA') {
    return ['+OK Capability list follows', ...capabilities, '.'].join('\r\n');
  }
  return '+OK';
}
