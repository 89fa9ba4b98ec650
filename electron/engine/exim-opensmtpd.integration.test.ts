import net from 'node:net';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { compareCapabilities } from '../../shared/capabilities/compare';
import { describeCapabilities } from '../../shared/capabilities/describe';
import { explainServerLine } from '../../shared/explain/explain-line';
import { SmtpReplyReader } from '../../shared/protocol/smtp';
import type { SessionOptions } from '../../shared/session';
import { MAIL_RIG_DOMAIN, TEST_LEAF_NAME } from '../../e2e/rig/index';
import { reserveFreePorts } from '../../e2e/rig/ports';
import {
  findUnpackedMtaProblem,
  startUnpackedExim,
  startUnpackedOpenSmtpd,
  type RunningMta,
} from '../../e2e/rig/unpacked-mtas';
import { EngineProbe } from './test-support/engine-probe';
import { sendGuidedTestMessage } from './test-support/guided-message';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason: rigSkipReason } = rigOrSkipReason();
const mtaProblem = rig === null ? null : await findUnpackedMtaProblem();
if (mtaProblem !== null && process.env['CI'] === 'true') {
  throw new Error(mtaProblem);
}
const skipReason = rig === null ? rigSkipReason : (mtaProblem ?? '');

let dir = '';
let exim: RunningMta | null = null;
let opensmtpd: RunningMta | null = null;
let probe: EngineProbe;

function options(port: number, extra: Partial<SessionOptions> = {}): SessionOptions {
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

/** Parses captured server bytes with the same reader the engine uses. */
function parseReplies(text: string) {
  return new SmtpReplyReader().push(Buffer.from(text, 'latin1'));
}

describe.skipIf(skipReason !== '')(
  `Exim and OpenSMTPD${skipReason === '' ? '' : ` (skipped: ${skipReason})`}`,
  () => {
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'mailtap-mta-'));
      // The servers' unprivileged processes must pass through the folder.
      await chmod(dir, 0o755);
      const [eximSmtp, eximLockstep, eximSmtps, openSmtpdSmtp] = (await reserveFreePorts(
        rig!.host,
        4,
      )) as [number, number, number, number];
      const common = {
        host: rig!.host,
        hostname: TEST_LEAF_NAME,
        domain: MAIL_RIG_DOMAIN,
        certChainFile: join(rig!.pkiDir, 'leaf+intermediate.pem'),
        keyFile: join(rig!.pkiDir, 'leaf.key'),
      };
      exim = await startUnpackedExim(
        { ...common, dir: join(dir, 'exim') },
        { smtp: eximSmtp, lockstep: eximLockstep, smtps: eximSmtps },
      );
      opensmtpd = await startUnpackedOpenSmtpd(
        { ...common, dir: join(dir, 'opensmtpd') },
        { smtp: openSmtpdSmtp },
      );
    });

    afterAll(async () => {
      probe?.dispose();
      await exim?.stop();
      await opensmtpd?.stop();
      if (dir !== '') {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it('reads the three-line Exim greeting as one reply', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(options(exim!.ports['smtp']!));
      await probe.waitForPhase(sessionId, 'ready');
      const [greeting, ...rest] = parseReplies(probe.serverText(sessionId));
      expect(rest).toEqual([]);
      expect(greeting!.code).toBe(220);
      expect(greeting!.lines).toHaveLength(3);
      expect(greeting!.raw[0]).toMatch(/^220-mail\.mailtap\.test ESMTP Exim 4\.\d+/);
      expect(greeting!.raw[2]).toBe('220 and abuse will be reported.');
      expect(probe.latest(sessionId)?.input?.lastReply?.status).toBe('220');
      expect(probe.notes(sessionId).join('\n')).not.toContain('Irregular');
      probe.dispose();
    });

    it('shows what Exim offers before and after STARTTLS', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(options(exim!.ports['smtp']!));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
      await vi.waitFor(() =>
        expect(probe.latest(sessionId)?.capabilities?.keywords).toContain('STARTTLS'),
      );
      probe.hub.sendLine(sessionId, 'STARTTLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true));

      const state = probe.latest(sessionId)!;
      const before = state.capabilitiesBeforeTls!;
      expect(before.stale).toBe(true);
      expect(before.source).toBe('ehlo');
      expect(before.keywords).toEqual(
        expect.arrayContaining(['SIZE 52428800', '8BITMIME', 'PIPELINING', 'CHUNKING', 'STARTTLS']),
      );
      expect(before.keywords.some((keyword) => keyword.startsWith('AUTH'))).toBe(false);
      expect(state.capabilities!.keywords).toContain('AUTH PLAIN');

      const comparison = compareCapabilities({
        protocol: 'smtp',
        plaintext: before.keywords,
        tls: state.capabilities!.keywords,
      });
      expect(comparison.warnings).toEqual([]);
      const changes = Object.fromEntries(comparison.rows.map((row) => [row.name, row.change]));
      expect(changes).toMatchObject({
        STARTTLS: 'removed',
        AUTH: 'added',
        SIZE: 'same',
        PIPELINING: 'same',
      });
      const size = describeCapabilities('smtp', before.keywords).find(
        (entry) => entry.name === 'SIZE',
      );
      expect(size?.value).toBe('52428800 bytes (50 MiB)');
      probe.dispose();
    });

    it('sends a pasted message to Exim without a synchronization error', async () => {
      probe = new EngineProbe();
      // The lockstep port does not offer PIPELINING, so every line waits for its reply.
      const { sessionId } = await probe.hub.open(options(exim!.ports['lockstep']!));
      await probe.waitForPhase(sessionId, 'ready');
      const paste = [
        'EHLO client.mailtap.test',
        `MAIL FROM:<${rig!.user.address}>`,
        `RCPT TO:<${rig!.user.address}>`,
        'DATA',
        'Subject: pasted block',
        '',
        'sent in one paste',
        '.',
      ];
      for (const line of paste) {
        expect(probe.hub.sendLine(sessionId, line)).toEqual({ sent: true });
      }
      await probe.waitForServerText(sessionId, /250 OK id=/);
      expect(probe.serverText(sessionId)).not.toMatch(/synchronization/);
      probe.dispose();
    });

    it('shows that Exim enforces synchronisation when a client does not pace', async () => {
      const socket = net.connect(exim!.ports['lockstep']!, rig!.host);
      let received = '';
      socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
      await vi.waitFor(() => expect(received).toContain('220 and abuse will be reported.\r\n'));
      socket.write(
        `EHLO client.mailtap.test\r\nMAIL FROM:<${rig!.user.address}>\r\nRCPT TO:<${rig!.user.address}>\r\nDATA\r\nSubject: early\r\n\r\nbody\r\n.\r\n`,
      );
      await vi.waitFor(() => expect(received).toMatch(/^554 .*synchronization error/m));
      socket.destroy();
      const line = /^554 .*$/m.exec(received)![0];
      expect(explainServerLine('smtp', line)!.parts.map((part) => part.id)).toContain(
        'hint:sync-error',
      );
    });

    it('delivers a guided test message through Exim', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(
        options(exim!.ports['smtp']!, { security: 'starttls' }),
      );
      await probe.waitForPhase(sessionId, 'ready');
      const subject = `guided via Exim ${Date.now()}`;
      await sendGuidedTestMessage(probe, sessionId, {
        from: rig!.user.address,
        to: rig!.user.address,
        subject,
        body: 'first line\n.leading dot\n.',
      });
      const mailbox = join(dir, 'exim', 'mail', 'inbox');
      await vi.waitFor(async () => expect(await readFile(mailbox, 'utf8')).toContain(subject), {
        timeout: 15_000,
      });
      const stored = await readFile(mailbox, 'utf8');
      expect(stored).toMatch(/^\.leading dot$/m);
      expect(stored).toMatch(/^\.$/m);
      probe.dispose();
    });

    it('explains Exim refusing to relay', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(options(exim!.ports['smtp']!));
      await probe.waitForPhase(sessionId, 'ready');
      for (const line of [
        'EHLO client.mailtap.test',
        'MAIL FROM:<alice@example.com>',
        'RCPT TO:<bob@example.net>',
      ]) {
        probe.hub.sendLine(sessionId, line);
      }
      await probe.waitForServerText(sessionId, /^550 /m);
      const line = /^550 .*$/m.exec(probe.serverText(sessionId))![0];
      const explanation = explainServerLine('smtp', line)!;
      expect(explanation.parts.map((part) => part.id)).toEqual([
        'smtp:550',
        'esc:X.7.1',
        'hint:relay-denied',
      ]);
      probe.dispose();
    });

    it('shows what OpenSMTPD offers before TLS', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(options(opensmtpd!.ports['smtp']!));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities).not.toBeNull());
      const keywords = probe.latest(sessionId)!.capabilities!.keywords;
      expect(keywords).toEqual(
        expect.arrayContaining(['8BITMIME', 'ENHANCEDSTATUSCODES', 'DSN', 'STARTTLS', 'HELP']),
      );
      const size = describeCapabilities('smtp', keywords).find((entry) => entry.name === 'SIZE');
      expect(size?.value).toMatch(/^\d+ bytes \(\d+ MiB\)$/);
      expect(
        compareCapabilities({ protocol: 'smtp', plaintext: keywords, tls: null }).warnings,
      ).toEqual([]);

      // The packaged OpenSMTPD agrees to STARTTLS but then fails the handshake (see unpacked-mtas.ts).
      probe.hub.sendLine(sessionId, 'STARTTLS');
      const closed = await probe.waitForPhase(sessionId, 'closed');
      expect(probe.serverText(sessionId)).toMatch(/^220 2\.0\.0 Ready to start TLS/m);
      expect(closed.error?.code).toBe('TLS_HANDSHAKE_FAILED');
      expect(closed.capabilitiesBeforeTls?.keywords).toEqual(keywords);
      expect(closed.capabilitiesBeforeTls?.stale).toBe(true);
      probe.dispose();
    });

    it('delivers a guided test message to OpenSMTPD in plaintext', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(options(opensmtpd!.ports['smtp']!));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities).not.toBeNull());
      const final = await sendGuidedTestMessage(probe, sessionId, {
        from: rig!.user.address,
        to: rig!.user.address,
        subject: 'guided via OpenSMTPD',
        body: 'hello',
      });
      expect(final.line).toMatch(/^250 2\.0\.0 \S+ Message accepted for delivery/);
      const explanation = explainServerLine('smtp', final.line)!;
      expect(explanation.parts.map((part) => part.id)).toEqual(['smtp:250', 'esc:X.0.0']);
      probe.dispose();
    });
  },
);
