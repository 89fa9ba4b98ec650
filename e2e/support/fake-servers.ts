import type { Socket } from 'node:net';

import type { ConsolePage } from './console-page';

import {
  onLines,
  startFakeServer,
  type FakeServer,
} from '../../electron/engine/test-support/fake-server';

/**
 * Starts a plaintext SMTP server on 127.0.0.1 for specs that need no real MTA: it greets, lists
 * the given EHLO keywords, replies 235 to AUTH, 221 to QUIT (and closes), stays silent after
 * STARTTLS, and replies 250 to everything else.
 */
export function startFakeSmtp(keywords: readonly string[] = []): Promise<FakeServer> {
  return startFakeServer((socket: Socket) => {
    socket.write('220 fake.mailtap.test ESMTP\r\n');
    onLines(socket, (line) => {
      const verb = (line.split(' ')[0] ?? '').toUpperCase();
      if (verb === 'EHLO') {
        const lines = ['fake.mailtap.test', ...keywords];
        socket.write(
          lines
            .map((text, index) => `250${index === lines.length - 1 ? ' ' : '-'}${text}\r\n`)
            .join(''),
        );
      } else if (verb === 'AUTH') {
        socket.write('235 2.7.0 Authentication successful\r\n');
      } else if (verb === 'QUIT') {
        socket.end('221 2.0.0 Bye\r\n');
      } else if (verb !== 'STARTTLS') {
        socket.write('250 2.0.0 Ok\r\n');
      }
    });
  });
}

/** Starts a plaintext IMAP server that greets and completes every tagged command with OK. */
export function startFakeImap(): Promise<FakeServer> {
  return startFakeServer((socket: Socket) => {
    socket.write('* OK [CAPABILITY IMAP4rev1] fake ready\r\n');
    onLines(socket, (line) => {
      const tag = line.split(' ')[0] ?? '*';
      socket.write(`${tag} OK done\r\n`);
    });
  });
}

/** Opens a plaintext session from the form to a fake server on 127.0.0.1. */
export async function connectToFake(
  ui: ConsolePage,
  server: FakeServer,
  protocol = 'SMTP (25)',
): Promise<void> {
  await ui.connect({ host: '127.0.0.1', port: server.port, protocol, security: 'Plain' });
}
