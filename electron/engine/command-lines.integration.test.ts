import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import {
  equivalentCommands,
  type CommandLineSettings,
} from '../../shared/command-line/copy-as-command';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();

/** Long enough for a TLS handshake on a loaded test machine, short enough to end a hung tool. */
const TOOL_TIMEOUT_MS = 30_000;

function run(command: string, input: string) {
  return spawnSync('/bin/sh', ['-c', command], {
    input,
    encoding: 'utf8',
    timeout: TOOL_TIMEOUT_MS,
  });
}

function commandFor(tool: string, settings: CommandLineSettings): string {
  const command = equivalentCommands(settings).find(
    (candidate) => candidate.tool === tool,
  )?.command;
  if (command === null || command === undefined) {
    throw new Error(`no ${tool} command for ${JSON.stringify(settings)}`);
  }
  return command;
}

describe.skipIf(rig === null)(
  `copied command lines${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const submission = (): CommandLineSettings => ({
      host: rig!.host,
      port: rig!.ports.submission,
      protocol: 'smtp',
      security: 'starttls',
      ehloName: 'client.mailtap.test',
      sni: rig!.leafName,
      caFile: rig!.caFile,
    });

    it('openssl s_client verifies the chain after STARTTLS', () => {
      // s_client closes at the end of its input, so the test checks the handshake only.
      const result = run(commandFor('openssl', submission()), '');
      expect(result.stdout).toContain(`subject=CN = ${rig!.leafName}`);
      expect(result.stdout).toContain('Verify return code: 0 (ok)');
    });

    it('swaks verifies the chain and stops after EHLO', () => {
      const result = run(commandFor('swaks', submission()), '');
      expect(result.status, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toContain('~> EHLO client.mailtap.test');
    });

    it('curl ends an SMTP session with exit status 0', () => {
      const result = run(commandFor('curl', submission()), '');
      expect(result.stderr).toMatch(/> NOOP/);
      expect(result.status, result.stderr).toBe(0);
    });

    it('curl logs in to IMAP with the password it prompts for', () => {
      const command = commandFor('curl', {
        host: rig!.host,
        port: rig!.ports.imaps,
        protocol: 'imap',
        security: 'tls',
        sni: rig!.leafName,
        caFile: rig!.caFile,
        username: rig!.user.login,
      });
      expect(command).not.toContain(rig!.user.password);
      // Without a terminal, curl reads the prompted password from its standard input.
      const result = run(command, `${rig!.user.password}\n`);
      expect(result.stdout).toMatch(/LIST .*INBOX/);
      expect(result.status, result.stderr).toBe(0);
    });

    it('curl reaches IMAP over implicit TLS with the SNI', () => {
      const command = commandFor('curl', {
        host: rig!.host,
        port: rig!.ports.imaps,
        protocol: 'imap',
        security: 'tls',
        sni: rig!.leafName,
        caFile: rig!.caFile,
      });
      const result = run(command, '');
      expect(result.stderr).toMatch(/SSL certificate verify ok/);
      expect(result.stderr).toMatch(/< \* OK/);
    });
  },
);
