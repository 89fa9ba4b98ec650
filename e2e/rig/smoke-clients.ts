/** Wrappers around swaks and curl for smoke.ts, with the rig's password masked in every message. */
import type { MailRig } from './index';
import { maskSecrets, runCommandUnchecked, type CommandResult } from './run-command';
import { TOOL_TIMEOUT_MS } from './smoke-probes';

/** Lines of client output quoted in a failure message. */
const FAILURE_OUTPUT_LINES = 25;

/** Returns the password and the base64 forms in which SASL PLAIN and LOGIN carry it, for masking. */
export function secretsOf(rig: MailRig): string[] {
  const { login, password } = rig.user;
  return [
    password,
    Buffer.from(password).toString('base64'),
    Buffer.from(`\0${login}\0${password}`).toString('base64'),
  ];
}

/** Builds a failure message from the problem and the tail of the client output, with secrets masked. */
export function describeFailure(rig: MailRig, problem: string, output: string): string {
  const tail = output.trimEnd().split('\n').slice(-FAILURE_OUTPUT_LINES).join('\n');
  return maskSecrets(`${problem}\n${tail}`, secretsOf(rig));
}

export function swaks(rig: MailRig, port: number, args: readonly string[]): Promise<CommandResult> {
  return runCommandUnchecked(
    'swaks',
    ['--server', `${rig.host}:${port}`, '--helo', 'smoke.mailtap.test', ...args],
    {
      timeoutMs: TOOL_TIMEOUT_MS,
      secrets: secretsOf(rig),
    },
  );
}

export function swaksTlsArgs(rig: MailRig): string[] {
  return ['--tls-verify', '--tls-ca-path', rig.caFile, '--tls-sni', rig.leafName];
}

export function swaksAuthArgs(rig: MailRig, mechanism: 'PLAIN' | 'LOGIN'): string[] {
  return ['--auth', mechanism, '--auth-user', rig.user.login, '--auth-password', rig.user.password];
}

/** Lines of an swaks transcript that the server sent after TLS started ("<~") or before ("<-"). */
export function serverLines(output: string, afterTls: boolean): string[] {
  const prefix = afterTls ? '<~ ' : '<- ';
  return output.split('\n').filter((line) => line.startsWith(prefix));
}

export function curl(
  rig: MailRig,
  scheme: 'imap' | 'pop3',
  port: number,
  args: readonly string[],
): Promise<CommandResult> {
  const { login, password } = rig.user;
  return runCommandUnchecked(
    'curl',
    [
      '--silent',
      '--show-error',
      '--verbose',
      '--ssl-reqd',
      '--cacert',
      rig.caFile,
      '--resolve',
      `${rig.leafName}:${port}:${rig.host}`,
      '--user',
      `${login}:${password}`,
      ...args,
      `${scheme}://${rig.leafName}:${port}/`,
    ],
    { timeoutMs: TOOL_TIMEOUT_MS, secrets: secretsOf(rig) },
  );
}
