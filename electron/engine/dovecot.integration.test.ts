import { afterEach, describe, expect, it, vi } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import { SECRET_MASK } from '../../shared/protocol/secrets';
import { EngineProbe } from './test-support/engine-probe';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();
let probe: EngineProbe;

afterEach(() => probe?.dispose());

function dovecot(
  protocol: 'imap' | 'pop3',
  port: number,
  security: SessionOptions['security'],
): SessionOptions {
  return { host: rig!.host, port, protocol, security, caFile: rig!.caFile };
}

/** Quotes a string for IMAP (RFC 9051 quoted string). */
function imapQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

describe.skipIf(rig === null)(
  `Dovecot IMAP${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('sees LOGINDISABLED before STARTTLS and logs in after it', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('imap', rig!.ports.imap, 'starttls'));
      const state = await probe.waitForPhase(sessionId, 'ready');

      expect(probe.serverText(sessionId)).toMatch(/^\* OK \[CAPABILITY [^\]]*LOGINDISABLED/);
      // The greeting announced capabilities, so the dialogue skips CAPABILITY before STARTTLS.
      expect(probe.clientLines(sessionId)).toEqual(['MT1 STARTTLS', 'MT2 CAPABILITY']);
      expect(state.tls?.trusted).toBe(true);
      expect(state.capabilities?.underTls).toBe(true);
      expect(state.capabilities?.keywords).not.toContain('LOGINDISABLED');
      expect(state.capabilities?.keywords).toContain('AUTH=PLAIN');

      probe.hub.sendLine(
        sessionId,
        `a1 LOGIN ${imapQuoted(rig!.user.login)} ${imapQuoted(rig!.user.password)}`,
      );
      await probe.waitForServerText(sessionId, /a1 OK/);
      probe.hub.sendLine(sessionId, 'a2 SELECT INBOX');
      await probe.waitForServerText(sessionId, /a2 OK/);
      expect(probe.serverText(sessionId)).toMatch(/\* \d+ EXISTS/);
      expect(probe.clientLines(sessionId)).toContain(
        `a1 LOGIN ${imapQuoted(rig!.user.login)} ${SECRET_MASK}`,
      );
    });

    it('upgrades when the tagged STARTTLS is typed', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('imap', rig!.ports.imap, 'plain'));
      await probe.waitForPhase(sessionId, 'ready');
      expect(probe.latest(sessionId)?.capabilities?.keywords).toContain('LOGINDISABLED');
      probe.hub.sendLine(sessionId, 'x1 STARTTLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      expect(probe.latest(sessionId)?.capabilities).toBeNull();
      probe.hub.sendLine(sessionId, 'x2 CAPABILITY');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true));
    });

    // Sent as typed, Dovecot would read STARTTLS as the tag and answer "STARTTLS BAD".
    it('tags an untagged STARTTLS and upgrades', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('imap', rig!.ports.imap, 'plain'));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'STARTTLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      expect(probe.clientLines(sessionId)).toEqual(['a1 STARTTLS']);
      expect(probe.serverText(sessionId)).not.toMatch(/STARTTLS BAD/);
    });

    it('speaks implicit TLS on imaps', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('imap', rig!.ports.imaps, 'tls'));
      const state = await probe.waitForPhase(sessionId, 'ready');
      expect(state.tls?.trusted).toBe(true);
      expect(state.capabilities?.underTls).toBe(true);
    });
  },
);

describe.skipIf(rig === null)(
  `Dovecot POP3${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('runs STLS at connect and logs in', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('pop3', rig!.ports.pop3, 'starttls'));
      const state = await probe.waitForPhase(sessionId, 'ready');
      expect(probe.clientLines(sessionId)).toEqual(['CAPA', 'STLS', 'CAPA']);
      expect(state.tls?.trusted).toBe(true);
      expect(state.capabilities?.keywords).toContain('USER');

      probe.hub.sendLine(sessionId, `USER ${rig!.user.login}`);
      await probe.waitForServerText(sessionId, /\+OK\r\n(?:.|\r\n)*\+OK\r\n$/);
      probe.hub.sendLine(sessionId, `PASS ${rig!.user.password}`);
      await probe.waitForServerText(sessionId, /\+OK Logged in/);
      probe.hub.sendLine(sessionId, 'STAT');
      await probe.waitForServerText(sessionId, /\+OK \d+ \d+\r\n$/);
      expect(probe.clientLines(sessionId)).toContain(`PASS ${SECRET_MASK}`);
    });

    it('answers STARTTLS with an error: the POP3 verb is STLS', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('pop3', rig!.ports.pop3, 'plain'));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'STARTTLS');
      await probe.waitForServerText(sessionId, /-ERR/);
      expect(probe.latest(sessionId)?.upgrading).toBe(false);
      probe.hub.sendLine(sessionId, 'STLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
    });

    it('speaks implicit TLS on pop3s', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(dovecot('pop3', rig!.ports.pop3s, 'tls'));
      const state = await probe.waitForPhase(sessionId, 'ready');
      expect(state.tls?.trusted).toBe(true);
      expect(probe.serverText(sessionId)).toMatch(/^\+OK/);
    });
  },
);
