import type { AddressFamily, ProtocolId } from '../presets';
import type { SessionOptions } from '../session';
import { shellCommandLine } from './shell-quote';

/** Settings the command lines are built from: the options a session was opened with. */
export interface CommandLineSettings extends Pick<
  SessionOptions,
  | 'host'
  | 'port'
  | 'protocol'
  | 'security'
  | 'ehloName'
  | 'sni'
  | 'verifyName'
  | 'caFile'
  | 'family'
> {
  readonly username?: string;
}

export type ToolName = 'openssl' | 'swaks' | 'curl';

/** A command line for one tool, or why that tool cannot make this connection. */
export type ToolCommand =
  | {
      readonly tool: ToolName;
      readonly command: string;
      /** Differences between this command and the session that it cannot express. */
      readonly caveats: readonly string[];
    }
  | { readonly tool: ToolName; readonly command: null; readonly reason: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

function isIpLiteral(host: string): boolean {
  return IPV4.test(host) || host.includes(':');
}

/** `host:port`, with brackets around an IPv6 address as every tool here expects. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

function familyFlag(family: AddressFamily | undefined): string[] {
  if (family === 'ipv4') {
    return ['-4'];
  }
  return family === 'ipv6' ? ['-6'] : [];
}

function sniOf(settings: CommandLineSettings): string | null {
  if (settings.sni !== undefined) {
    return settings.sni === '' ? null : settings.sni;
  }
  return isIpLiteral(settings.host) ? null : settings.host;
}

/** `openssl s_client`, which speaks TLS only: implicit, or after its own STARTTLS dialogue. */
export function opensslCommand(settings: CommandLineSettings): ToolCommand {
  if (settings.security === 'plain') {
    return {
      tool: 'openssl',
      command: null,
      reason:
        'The session starts in plaintext, and openssl s_client speaks only TLS. Choose STARTTLS or implicit TLS to get one.',
    };
  }
  const words = [
    'openssl',
    's_client',
    '-connect',
    hostPort(settings.host, settings.port),
    ...familyFlag(settings.family),
  ];
  if (settings.security === 'starttls') {
    words.push('-starttls', settings.protocol === 'pop3' ? 'pop3' : settings.protocol);
    if (settings.protocol === 'smtp' && settings.ehloName !== undefined) {
      words.push('-name', settings.ehloName);
    }
  }
  const sni = sniOf(settings);
  words.push(...(sni === null ? ['-noservername'] : ['-servername', sni]));
  const verifyName = settings.verifyName ?? sni ?? settings.host;
  words.push(isIpLiteral(verifyName) ? '-verify_ip' : '-verify_hostname', verifyName);
  if (settings.caFile !== undefined) {
    words.push('-CAfile', settings.caFile);
  }
  // -crlf sends CRLF for Enter; -nocommands keeps lines starting with R or Q from being taken
  // for s_client's own renegotiate and quit commands.
  words.push('-crlf', '-nocommands', '-showcerts');
  return { tool: 'openssl', command: shellCommandLine(words), caveats: [] };
}

/** swaks, which speaks SMTP only and stops here after EHLO (or after AUTH with a user name). */
export function swaksCommand(settings: CommandLineSettings): ToolCommand {
  if (settings.protocol !== 'smtp') {
    return { tool: 'swaks', command: null, reason: 'swaks speaks SMTP only.' };
  }
  const words = [
    'swaks',
    '--server',
    settings.host,
    '--port',
    String(settings.port),
    ...familyFlag(settings.family),
  ];
  if (settings.security === 'starttls') {
    words.push('--tls');
  } else if (settings.security === 'tls') {
    words.push('--tls-on-connect');
  }
  if (settings.ehloName !== undefined) {
    words.push('--ehlo', settings.ehloName);
  }
  const caveats: string[] = [];
  if (settings.security !== 'plain') {
    const sni = sniOf(settings);
    if (sni !== null) {
      words.push('--tls-sni', sni);
    }
    if (settings.caFile !== undefined) {
      words.push('--tls-verify', '--tls-ca-path', settings.caFile);
    } else {
      caveats.push('swaks does not check the certificate unless --tls-verify is added.');
    }
  }
  if (settings.username === undefined) {
    words.push('--quit-after', 'EHLO');
  } else {
    // Without --auth-password, swaks prompts for the password when it needs it.
    words.push('--auth-user', settings.username, '--quit-after', 'AUTH');
  }
  return { tool: 'swaks', command: shellCommandLine(words), caveats };
}

/** curl's URL schemes for plaintext (or STARTTLS) and implicit TLS; raw TLS has none. */
const CURL_SCHEMES: Readonly<Record<ProtocolId, readonly [string, string | null]>> = {
  smtp: ['smtp', 'smtps'],
  imap: ['imap', 'imaps'],
  pop3: ['pop3', 'pop3s'],
  raw: ['telnet', null],
};

/** curl, which connects, logs in when given a user name, and runs one default command. */
export function curlCommand(settings: CommandLineSettings): ToolCommand {
  const [plainScheme, tlsScheme] = CURL_SCHEMES[settings.protocol];
  if (settings.security === 'tls' && tlsScheme === null) {
    return {
      tool: 'curl',
      command: null,
      reason: 'curl has no URL scheme for raw bytes over TLS; use openssl s_client.',
    };
  }
  if (settings.protocol === 'raw' && settings.security === 'starttls') {
    return { tool: 'curl', command: null, reason: 'A raw session has no STARTTLS command.' };
  }
  const scheme = settings.security === 'tls' ? tlsScheme : plainScheme;
  const sni = sniOf(settings);
  const caveats: string[] = [];
  // curl sends the URL's host as SNI and checks the certificate against it, so a different
  // name goes in the URL and --connect-to sends the connection to the real host.
  const urlHost =
    sni !== null && sni !== settings.host && settings.security !== 'plain' ? sni : settings.host;
  const path =
    settings.protocol === 'smtp' && settings.ehloName !== undefined
      ? `/${encodeURIComponent(settings.ehloName)}`
      : '/';
  const words = [
    'curl',
    '-v',
    ...familyFlag(settings.family),
    `${scheme}://${hostPort(urlHost, settings.port)}${path}`,
  ];
  if (urlHost !== settings.host) {
    words.push(
      '--connect-to',
      `${urlHost}:${settings.port}:${settings.host.includes(':') ? `[${settings.host}]` : settings.host}:${settings.port}`,
    );
  }
  if (settings.security === 'starttls') {
    words.push('--ssl-reqd');
  }
  if (settings.caFile !== undefined && settings.security !== 'plain') {
    words.push('--cacert', settings.caFile);
  }
  if (settings.sni === '' && !isIpLiteral(settings.host)) {
    caveats.push('curl always sends SNI for a host name; the session sent none.');
  }
  if (settings.protocol === 'smtp') {
    // Without a recipient curl sends HELP, which Postfix rejects with 502, so curl (7.88 on the
    // test rig) exits with code 8. RFC 5321, section 4.1.1.9, has servers reply 250 to NOOP.
    words.push('--request', 'NOOP');
  }
  if (settings.username !== undefined && settings.protocol !== 'raw') {
    // With a user name and no password, curl prompts for the password.
    words.push('--user', settings.username);
  } else if (settings.protocol === 'imap' || settings.protocol === 'pop3') {
    const listed = settings.protocol === 'imap' ? 'mailboxes' : 'messages';
    caveats.push(
      `curl lists the ${listed} with LIST, which needs a login: add --user and your user name, and curl asks for the password. A user name entered in the Auth tab is added here.`,
    );
  }
  return { tool: 'curl', command: shellCommandLine(words), caveats };
}

/** Returns the equivalent command lines of all three tools, none of which contains a password. */
export function equivalentCommands(settings: CommandLineSettings): ToolCommand[] {
  return [opensslCommand(settings), swaksCommand(settings), curlCommand(settings)];
}
