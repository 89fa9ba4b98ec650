import { afterEach, describe, expect, it, vi } from 'vitest';

import { compareCapabilities } from '../../shared/capabilities/compare';
import { explainServerLine } from '../../shared/explain/explain-line';
import { Pop3ResponseReader } from '../../shared/protocol/pop3';
import type { SessionOptions } from '../../shared/session';
import { waitForMaildirMessage } from '../../e2e/rig/index';
import { EngineProbe } from './test-support/engine-probe';
import { sendGuidedTestMessage } from './test-support/guided-message';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();
let probe: EngineProbe;

afterEach(() => probe?.dispose());

function session(
  protocol: SessionOptions['protocol'],
  port: number,
  security: SessionOptions['security'] = 'plain',
): SessionOptions {
  return {
    host: rig!.host,
    port,
    protocol,
    security,
    ehloName: 'client.mailtap.test',
    caFile: rig!.caFile,
  };
}

/** Returns the first server line that matches, to explain it as the sidebar would. */
function serverLine(sessionId: string, pattern: RegExp): string {
  const line = probe
    .serverText(sessionId)
    .split('\r\n')
    .find((candidate) => pattern.test(candidate));
  if (line === undefined) {
    throw new Error(`no server line matches ${pattern}:\n${probe.serverText(sessionId)}`);
  }
  return line;
}

describe.skipIf(rig === null)(
  `Capabilities on Postfix and Dovecot${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('keeps the Postfix list from before STARTTLS beside the new one', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(session('smtp', rig!.ports.submission));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
      probe.hub.sendLine(sessionId, 'STARTTLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      probe.hub.sendLine(sessionId, 'EHLO client.mailtap.test');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true));

      const state = probe.latest(sessionId)!;
      expect(state.capabilitiesBeforeTls?.stale).toBe(true);
      expect(state.capabilitiesBeforeTls?.keywords).toContain('STARTTLS');
      const comparison = compareCapabilities({
        protocol: 'smtp',
        plaintext: state.capabilitiesBeforeTls!.keywords,
        tls: state.capabilities!.keywords,
      });
      expect(comparison.warnings).toEqual([]);
      // Postfix follows the reply grammar, so the framing checks stay quiet.
      expect(probe.notes(sessionId).join('\n')).not.toContain('Irregular');
      const auth = comparison.rows.find((row) => row.name === 'AUTH');

      expect(auth?.change).toBe('added');
      expect(auth?.tls?.value).toMatch(/^PLAIN, LOGIN/);
      expect(comparison.rows.find((row) => row.name === 'STARTTLS')?.change).toBe('removed');
    });

    it('explains the Postfix reply to an EHLO without a name', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(session('smtp', rig!.ports.smtp));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'EHLO');
      await probe.waitForServerText(sessionId, /^501 /m);
      const explanation = explainServerLine('smtp', serverLine(sessionId, /^501 /))!;
      expect(explanation.parts.map((part) => part.id)).toEqual(['smtp:501', 'hint:helo-argument']);
    });

    it('tags Dovecot commands typed without one and compares IMAP lists', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(session('imap', rig!.ports.imap));
      await probe.waitForPhase(sessionId, 'ready');
      expect(probe.latest(sessionId)?.capabilities?.source).toBe('greeting');
      probe.hub.sendLine(sessionId, `LOGIN ${rig!.user.login} guess`);
      probe.hub.sendLine(sessionId, 'STARTTLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      probe.hub.sendLine(sessionId, 'CAPABILITY');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true));

      // LOGIN never left, because the server had advertised LOGINDISABLED.
      expect(probe.clientLines(sessionId)).toEqual(['a1 STARTTLS', 'a2 CAPABILITY']);
      expect(probe.notes(sessionId).join('\n')).toMatch(/advertised LOGINDISABLED/);
      const state = probe.latest(sessionId)!;
      expect(state.capabilities?.source).toBe('capability');
      const comparison = compareCapabilities({
        protocol: 'imap',
        plaintext: state.capabilitiesBeforeTls!.keywords,
        tls: state.capabilities!.keywords,
      });
      expect(comparison.warnings).toEqual([]);
      const changes = Object.fromEntries(comparison.rows.map((row) => [row.name, row.change]));
      expect(changes).toMatchObject({
        LOGINDISABLED: 'removed',
        STARTTLS: 'removed',
        'AUTH=PLAIN': 'added',
        IMAP4REV1: 'same',
      });
    });

    it('marks the Dovecot list after login', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(session('imap', rig!.ports.imap, 'starttls'));
      await probe.waitForPhase(sessionId, 'ready');
      expect(probe.latest(sessionId)?.capabilities?.keywords).toContain('AUTH=PLAIN');
      const blob = Buffer.from(`\0${rig!.user.login}\0${rig!.user.password}`).toString('base64');
      probe.hub.sendLine(sessionId, `a9 AUTHENTICATE PLAIN ${blob}`);
      await probe.waitForServerText(sessionId, /^a9 OK /m);

      const state = probe.latest(sessionId)!;
      expect(state.capabilities?.afterLogin).toBe(true);
      expect(state.capabilities?.keywords).not.toContain('AUTH=PLAIN');
      const comparison = compareCapabilities({
        protocol: 'imap',
        plaintext: state.capabilitiesBeforeTls!.keywords,
        tls: state.capabilities!.keywords,
        tlsAfterLogin: true,
      });
      expect(comparison.warnings.map((warning) => warning.code)).toEqual(['LISTED_AFTER_LOGIN']);
    });

    it('explains Dovecot refusing a wrong IMAP password', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(session('imap', rig!.ports.imaps, 'tls'));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, `a1 LOGIN ${rig!.user.login} wrong-password`);
      await probe.waitForServerText(sessionId, /^a1 NO /m);
      const explanation = explainServerLine('imap', serverLine(sessionId, /^a1 NO /))!;
      expect(explanation.parts.map((part) => part.id)).toEqual([
        'imap:NO',
        'imap-code:AUTHENTICATIONFAILED',
      ]);
    });

    it('runs POP3 CAPA again after STLS and keeps the old list as stale', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open(session('pop3', rig!.ports.pop3));
      await probe.waitForPhase(sessionId, 'ready');
      probe.hub.sendLine(sessionId, 'STARTTLS');
      await probe.waitForServerText(sessionId, /^-ERR /m);
      const refused = explainServerLine('pop3', serverLine(sessionId, /^-ERR /))!;
      expect(refused.parts.map((part) => part.id)).toContain('hint:pop3-stls');

      probe.hub.sendLine(sessionId, 'CAPA');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.source).toBe('capa'));
      probe.hub.sendLine(sessionId, 'STLS');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.tls?.trusted).toBe(true));
      probe.hub.sendLine(sessionId, 'CAPA');
      await vi.waitFor(() => expect(probe.latest(sessionId)?.capabilities?.underTls).toBe(true));

      const state = probe.latest(sessionId)!;
      expect(state.capabilitiesBeforeTls?.stale).toBe(true);
      const comparison = compareCapabilities({
        protocol: 'pop3',
        plaintext: state.capabilitiesBeforeTls!.keywords,
        tls: state.capabilities!.keywords,
      });
      expect(comparison.warnings).toEqual([]);
      const changes = Object.fromEntries(comparison.rows.map((row) => [row.name, row.change]));
      expect(changes).toMatchObject({
        STLS: 'removed',
        USER: 'added',
        // Dovecot lists challenge-response mechanisms in plaintext and adds PLAIN and LOGIN over TLS.
        SASL: 'changed',
        UIDL: 'same',
      });
    });

    it('keeps leading dots through SMTP dot-stuffing and POP3 RETR', async () => {
      probe = new EngineProbe();
      const subject = `dot lines ${Date.now()}`;
      const smtp = await probe.hub.open(session('smtp', rig!.ports.smtp));
      await probe.waitForPhase(smtp.sessionId, 'ready');
      probe.hub.sendLine(smtp.sessionId, 'EHLO client.mailtap.test');
      await vi.waitFor(() => expect(probe.latest(smtp.sessionId)?.capabilities).not.toBeNull());
      await sendGuidedTestMessage(probe, smtp.sessionId, {
        from: rig!.user.address,
        to: rig!.user.address,
        subject,
        body: 'before\n.02 test\n.\nafter',
      });
      // The guided flow sent the stuffed forms; Postfix stored the lines without the extra dot.
      expect(probe.clientLines(smtp.sessionId)).toEqual(
        expect.arrayContaining(['..02 test', '..', '.']),
      );
      const stored = await waitForMaildirMessage(rig!.maildir, (text) => text.includes(subject));
      expect(stored).toMatch(/\n\.02 test\r?\n\.\r?\nafter/);

      const pop3 = await probe.hub.open(session('pop3', rig!.ports.pop3s, 'tls'));
      await probe.waitForPhase(pop3.sessionId, 'ready');
      const commands = [`USER ${rig!.user.login}`, `PASS ${rig!.user.password}`, 'STAT'];
      for (const line of commands) {
        probe.hub.sendLine(pop3.sessionId, line);
      }
      await probe.waitForServerText(pop3.sessionId, /\+OK (\d+) \d+\r\n$/);
      const count = /\+OK (\d+) \d+\r\n$/.exec(probe.serverText(pop3.sessionId))![1]!;
      commands.push(`RETR ${count}`);
      probe.hub.sendLine(pop3.sessionId, `RETR ${count}`);
      await probe.waitForServerText(pop3.sessionId, /\r\n\.\r\n$/);

      // The wire keeps the stuffed dots; the parsed view removes them.
      const wire = probe.serverText(pop3.sessionId);
      expect(wire).toContain('\r\n..02 test\r\n..\r\nafter\r\n');
      const reader = new Pop3ResponseReader();
      commands.forEach((line) => reader.expect(line));
      const responses = reader.push(Buffer.from(wire, 'latin1'));
      const retr = responses.find((response) => response.command === 'RETR')!;
      const body = retr.body!;
      expect(body.slice(body.indexOf('before'))).toEqual(['before', '.02 test', '.', 'after']);
      // Dovecot's octet count matches the unstuffed body, so a correct server raises no warning.
      expect(retr.framingProblem).toBeNull();
      expect(probe.notes(pop3.sessionId).join('\n')).not.toContain('octets');
    });
  },
);
