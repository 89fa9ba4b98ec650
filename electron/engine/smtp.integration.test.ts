import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import { waitForMaildirMessage } from '../../e2e/rig/index';
import { EngineProbe } from './test-support/engine-probe';
import { plainAuthBlob, rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();
let probe: EngineProbe;

afterEach(() => probe?.dispose());

function postfix(port: number, extra: Partial<SessionOptions> = {}): SessionOptions {
  return {
    host: rig!.host,
    port,
    protocol: 'smtp',
    security: 'plain',
    ehloName: 'client.mailtap.test',
    caFile: rig!.caFile,
    ...extra,
  };
}

describe.skipIf(rig === null)(`Postfix${rig === null ? ` (skipped: ${skipReason})` : ''}`, () => {
  it('runs STARTTLS at connect on port 25 and verifies the chain', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(postfix(rig!.ports.smtp, { security: 'starttls' }));
    const state = await probe.waitForPhase(sessionId, 'ready');

    expect(probe.clientLines(sessionId)).toEqual([
      'EHLO client.mailtap.test',
      'STARTTLS',
      'EHLO client.mailtap.test',
    ]);
    expect(state.tls?.viaStarttls).toBe(true);
    expect(state.tls?.trusted).toBe(true);
    expect(state.tls?.sniSent).toBeNull();
    expect(state.tls?.verifyName).toBe(rig!.host);
    expect(state.capabilities?.underTls).toBe(true);
    // Postfix does not offer STARTTLS again once TLS is on.
    expect(state.capabilities?.keywords).not.toContain('STARTTLS');
  });

  it('upgrades submission in place when STARTTLS is typed', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(postfix(rig!.ports.submission));
    await probe.waitForPhase(sessionId, 'ready');

    probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
    await vi.waitFor(() =>
      expect(probe.latest(sessionId)?.capabilities?.keywords).toContain('STARTTLS'),
    );
    const before = probe.latest(sessionId)!.capabilities!;
    expect(before.underTls).toBe(false);
    expect(before.keywords.some((keyword) => keyword.startsWith('AUTH'))).toBe(false);

    probe.hub.sendLine(sessionId, 'STARTTLS');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
    expect(probe.latest(sessionId)?.capabilities).toBeNull();

    probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
    await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true));
    const after = probe.latest(sessionId)!.capabilities!.keywords;
    expect(after.find((keyword) => keyword.startsWith('AUTH '))).toMatch(/PLAIN/);
    expect(after.find((keyword) => keyword.startsWith('AUTH '))).toMatch(/LOGIN/);

    probe.hub.sendLine(
      sessionId,
      `AUTH PLAIN ${plainAuthBlob(rig!.user.login, rig!.user.password)}`,
    );
    await probe.waitForServerText(sessionId, /235 2\.7\.0/);
  });

  it('sends a message that arrives in the Maildir', async () => {
    probe = new EngineProbe();
    const subject = `engine test ${Date.now()}`;
    const { sessionId } = await probe.hub.open(
      postfix(rig!.ports.submission, { security: 'starttls' }),
    );
    await probe.waitForPhase(sessionId, 'ready');
    const lines = [
      `AUTH PLAIN ${plainAuthBlob(rig!.user.login, rig!.user.password)}`,
      `MAIL FROM:<${rig!.user.address}>`,
      `RCPT TO:<${rig!.user.address}>`,
      'DATA',
    ];
    const expected = [/235 /, /250 2\.1\.0/, /250 2\.1\.5/, /354 /];
    for (const [index, line] of lines.entries()) {
      probe.hub.sendLine(sessionId, line);
      await probe.waitForServerText(sessionId, expected[index]!);
    }
    for (const line of [`Subject: ${subject}`, '', 'Sent by the engine test.', '.']) {
      expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
    }
    await probe.waitForServerText(sessionId, /250 2\.0\.0 Ok: queued/);
    const message = await waitForMaildirMessage(rig!.maildir, (text) => text.includes(subject));
    expect(message).toContain('Sent by the engine test.');
  });

  it('speaks implicit TLS on smtps', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(postfix(rig!.ports.smtps, { security: 'tls' }));
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.viaStarttls).toBe(false);
    expect(state.tls?.trusted).toBe(true);
    expect(probe.serverText(sessionId)).toMatch(/^220 /);
  });

  it('connects but marks an unknown root untrusted', async () => {
    probe = new EngineProbe();
    const { caFile: _unused, ...withoutCa } = postfix(rig!.ports.smtps, { security: 'tls' });
    const { sessionId } = await probe.hub.open(withoutCa);
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.trusted).toBe(false);
    expect(state.tls?.chainError).toMatch(
      /UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE/,
    );
    expect(probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test')).toEqual({ sent: true });
  });

  it('reports a name mismatch but keeps the session', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(
      postfix(rig!.ports.smtps, { security: 'tls', verifyName: 'mx.other.test' }),
    );
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.chainError).toBeNull();
    expect(state.tls?.nameError).toMatch(/mx\.other\.test/);
    expect(state.tls?.trusted).toBe(false);
  });

  it('sends the SNI of a host name', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(
      postfix(rig!.ports.smtps, { security: 'tls', sni: rig!.leafName }),
    );
    const state = await probe.waitForPhase(sessionId, 'ready');
    expect(state.tls?.sniSent).toBe(rig!.leafName);
    expect(state.tls?.verifyName).toBe(rig!.leafName);
    expect(state.tls?.trusted).toBe(true);
  });

  it('explains implicit TLS against a plaintext port', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(postfix(rig!.ports.submission, { security: 'tls' }));
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('TLS_PLAINTEXT_REPLY');
    expect(state.error?.message).toContain('220 ');
  });

  it('times out plaintext against an implicit-TLS port', async () => {
    probe = new EngineProbe();
    const { sessionId } = await probe.hub.open(
      postfix(rig!.ports.smtps, { deadlines: { greetingMs: 1_000 } }),
    );
    const state = await probe.waitForPhase(sessionId, 'closed');
    expect(state.error?.code).toBe('GREETING_TIMEOUT');
  });
});
