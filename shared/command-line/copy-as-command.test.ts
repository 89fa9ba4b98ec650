import { describe, expect, it } from 'vitest';

import { curlCommand, equivalentCommands, opensslCommand, swaksCommand } from './copy-as-command';
import { quoteShellArgument } from './shell-quote';

describe('quoteShellArgument', () => {
  it.each([
    ['mail.example.test', 'mail.example.test'],
    ['[::1]:25', `'[::1]:25'`],
    ['two words', `'two words'`],
    [`it's`, `'it'\\''s'`],
    ['$(rm -rf ~)', `'$(rm -rf ~)'`],
    ['`id`', "'`id`'"],
    ['', `''`],
    ['a\nb', `'a\nb'`],
  ])('quotes %j', (argument, expected) => {
    expect(quoteShellArgument(argument)).toBe(expected);
  });
});

describe('equivalent commands', () => {
  const submission = {
    host: 'mail.example.test',
    port: 587,
    protocol: 'smtp',
    security: 'starttls',
    ehloName: 'client.example.test',
    caFile: '/etc/ssl/my ca.pem',
  } as const;

  it('builds openssl s_client with STARTTLS, SNI and the CA file', () => {
    expect(opensslCommand(submission)).toEqual({
      tool: 'openssl',
      command:
        "openssl s_client -connect mail.example.test:587 -starttls smtp -name client.example.test -servername mail.example.test -verify_hostname mail.example.test -CAfile '/etc/ssl/my ca.pem' -crlf -nocommands -showcerts",
      caveats: [],
    });
  });

  it('builds swaks that verifies with the CA file', () => {
    const command = swaksCommand({ ...submission, username: 'alice@example.test' });
    expect(command.command).toBe(
      "swaks --server mail.example.test --port 587 --tls --ehlo client.example.test --tls-sni mail.example.test --tls-verify --tls-ca-path '/etc/ssl/my ca.pem' --auth-user alice@example.test --quit-after AUTH",
    );
  });

  it('builds curl with the EHLO name in the URL', () => {
    expect(curlCommand(submission).command).toBe(
      "curl -v smtp://mail.example.test:587/client.example.test --ssl-reqd --cacert '/etc/ssl/my ca.pem' --request NOOP",
    );
  });

  it('sends a different SNI through curl --connect-to', () => {
    const command = curlCommand({
      host: '127.0.0.2',
      port: 993,
      protocol: 'imap',
      security: 'tls',
      sni: 'mail.example.test',
    });
    expect(command.command).toBe(
      'curl -v imaps://mail.example.test:993/ --connect-to mail.example.test:993:127.0.0.2:993',
    );
  });

  it('writes IPv6 literals in brackets and skips SNI for addresses', () => {
    const settings = {
      host: '::1',
      port: 995,
      protocol: 'pop3',
      security: 'tls',
      family: 'ipv6',
    } as const;
    expect(opensslCommand(settings).command).toBe(
      "openssl s_client -connect '[::1]:995' -6 -noservername -verify_ip ::1 -crlf -nocommands -showcerts",
    );
    expect(curlCommand(settings).command).toBe("curl -v -6 'pop3s://[::1]:995/'");
  });

  it('explains what a tool cannot do', () => {
    const plainImap = {
      host: 'imap.example.test',
      port: 143,
      protocol: 'imap',
      security: 'plain',
    } as const;
    const [openssl, swaks, curl] = equivalentCommands(plainImap);
    expect(openssl!.command).toBeNull();
    expect(swaks!.command).toBeNull();
    expect(curl!.command).toBe('curl -v imap://imap.example.test:143/');
    expect(curl!.command === null ? [] : curl!.caveats).toEqual([
      expect.stringContaining('add --user and your user name'),
    ]);
  });

  it('adds the IMAP user name to curl without a caveat', () => {
    const command = curlCommand({
      host: 'imap.example.test',
      port: 993,
      protocol: 'imap',
      security: 'tls',
      username: 'alice@example.test',
    });
    expect(command.command).toBe(
      'curl -v imaps://imap.example.test:993/ --user alice@example.test',
    );
    expect(command.command === null ? null : command.caveats).toEqual([]);
  });
});
