import { afterEach, describe, expect, it, vi } from 'vitest';

import { EngineProbe, refusalOf } from './test-support/engine-probe';
import { startFakeServer, type FakeServer } from './test-support/fake-server';
import { startFakeMailServer, type FakeMailServer } from './test-support/fake-mail-server';
import { useTlsFixtures } from './test-support/tls-fixture-hooks';

const fixtures = useTlsFixtures();
let server: FakeMailServer | null = null;
let plainServer: FakeServer | null = null;
let probe: EngineProbe | null = null;

afterEach(async () => {
  probe?.dispose();
  probe = null;
  await server?.close();
  server = null;
  await plainServer?.close();
  plainServer = null;
});

async function openStarttls(ehloName?: string): Promise<string> {
  server = await startFakeMailServer({ protocol: 'smtp', identity: fixtures.valid });
  probe = new EngineProbe();
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'smtp',
    security: 'starttls',
    caPem: fixtures.caPem,
    verifyName: 'mail.mailtap.test',
    ...(ehloName === undefined ? {} : { ehloName }),
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

describe('EHLO name', () => {
  it('sends the local address literal when the name is blank', async () => {
    const sessionId = await openStarttls('');
    expect(probe!.clientLines(sessionId).filter((line) => line.startsWith('EHLO'))).toEqual([
      'EHLO [127.0.0.1]',
      'EHLO [127.0.0.1]',
    ]);
  });

  it('sends the configured name', async () => {
    const sessionId = await openStarttls('client.mailtap.test');
    expect(probe!.clientLines(sessionId)).toContain('EHLO client.mailtap.test');
  });

  it('warns before a typed EHLO without a name, and sends it', async () => {
    const sessionId = await openStarttls('client.mailtap.test');
    expect(probe!.hub.sendLine(sessionId, 'EHLO')).toEqual({ sent: true });
    await vi.waitFor(() =>
      expect(probe!.notes(sessionId).join('\n')).toContain(
        'EHLO without a name: RFC 5321 requires',
      ),
    );
    expect(probe!.notes(sessionId).join('\n')).toContain('Try EHLO [127.0.0.1].');
    await vi.waitFor(() => expect(probe!.clientLines(sessionId).at(-1)).toBe('EHLO'));
  });
});

describe('hand-built AUTH PLAIN strings', () => {
  it('warns of the newline echo adds, without showing the secret', async () => {
    const sessionId = await openStarttls('client.mailtap.test');
    const blob = Buffer.from('\0alice\0s3cret\n').toString('base64');
    expect(probe!.hub.sendLine(sessionId, `AUTH PLAIN ${blob}`)).toEqual({ sent: true });

    await vi.waitFor(() =>
      expect(probe!.notes(sessionId).join('\n')).toContain('It ends with a newline (0a)'),
    );
    const notes = probe!.notes(sessionId).join('\n');
    expect(notes).not.toContain('s3cret');
    expect(notes).not.toContain(blob);
  });
});

describe('talking before the greeting', () => {
  /** Opens a session to a server that greets only after the client spoke, and records its input. */
  async function openSilentPlain(): Promise<{ sessionId: string; heard: () => string }> {
    let heard = '';
    const silent = await startFakeServer((socket) => {
      socket.on('data', (data: Buffer) => {
        const first = heard === '';
        heard += data.toString('latin1');
        if (first) {
          socket.write('554 5.5.1 Protocol error: you talked first\r\n');
        }
      });
    });
    plainServer = silent;
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open({
      host: '127.0.0.1',
      port: silent.port,
      protocol: 'smtp',
      security: 'plain',
    });
    await probe.waitForPhase(sessionId, 'greeting');
    return { sessionId, heard: () => heard };
  }

  it('refuses a typed line and names the exact-bytes way', async () => {
    const { sessionId } = await openSilentPlain();
    const refused = probe!.hub.sendLine(sessionId, 'EHLO early.mailtap.test');
    expect(refusalOf(refused).code).toBe('INPUT_NOT_READY');
    expect(refusalOf(refused).message).toContain('send the line with Send exact bytes');
  });

  it('sends exact bytes before the greeting with a warning', async () => {
    const { sessionId, heard } = await openSilentPlain();
    expect(probe!.hub.sendBytes(sessionId, Buffer.from('EHLO early.mailtap.test\r\n'))).toEqual({
      sent: true,
    });
    await vi.waitFor(() => expect(heard()).toBe('EHLO early.mailtap.test\r\n'));
    await probe!.waitForServerText(sessionId, /you talked first/);
    expect(probe!.notes(sessionId).join('\n')).toContain("Sent before the server's greeting");
  });
});
