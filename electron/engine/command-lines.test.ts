import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { equivalentCommands } from '../../shared/command-line/copy-as-command';

/** Runs a command line through /bin/sh with the tool replaced by a function that prints its arguments. */
function wordsAfterShell(command: string): string[] {
  const [tool, ...rest] = command.split(' ');
  const script = `${tool}() { printf '%s\\0' "$@"; }; ${tool} ${rest.join(' ')}`;
  const output = execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8' });
  return output.split('\0').slice(0, -1);
}

describe('command lines in a POSIX shell', () => {
  const hostile = `x'; touch /tmp/mailtap-pwned; echo '$(id) \`id\` "q" \\ end`;

  it.each(['openssl', 'swaks', 'curl'])('%s passes hostile values through unchanged', (tool) => {
    const command = equivalentCommands({
      host: 'mail.example.test',
      port: 587,
      protocol: 'smtp',
      security: 'starttls',
      ehloName: hostile,
      caFile: `/tmp/${hostile}.pem`,
      username: hostile,
    }).find((candidate) => candidate.tool === tool)!;
    expect(command.command).not.toBeNull();
    const words = wordsAfterShell(command.command!);
    expect(words).toContain(`/tmp/${hostile}.pem`);
    if (tool !== 'curl') {
      expect(words).toContain(hostile);
    }
  });
});
