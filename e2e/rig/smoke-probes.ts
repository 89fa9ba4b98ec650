/** Helpers for smoke.ts: a raw plaintext dialogue and `openssl s_client` runs against the rig. */
import { connect } from 'node:net';
import { runCommandUnchecked } from './run-command';

/** Limit for one plaintext dialogue with a server; loopback replies arrive in milliseconds. */
export const DIALOGUE_TIMEOUT_MS = 10_000;

/** Limit for one swaks, curl or openssl run. */
export const TOOL_TIMEOUT_MS = 30_000;

/**
 * Connects without TLS, waits for the greeting, sends `command`, and returns everything the
 * server sent until `done` matches. This shows what a server offers before any upgrade.
 */
export function plaintextDialogue(
  host: string,
  port: number,
  command: string,
  done: RegExp,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    let sent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `No reply matching ${done} from ${host}:${port} within ${DIALOGUE_TIMEOUT_MS} ms. Received: ${JSON.stringify(received)}`,
        ),
      );
    }, DIALOGUE_TIMEOUT_MS);

    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('utf8');
      if (!sent && received.includes('\r\n')) {
        sent = true;
        socket.write(`${command}\r\n`);
        return;
      }
      if (sent && done.test(received.slice(received.indexOf('\r\n') + 2))) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`Connection to ${host}:${port} failed: ${error.message}`));
    });
  });
}

export interface TlsProbe {
  readonly host: string;
  readonly port: number;
  readonly caFile: string;
  readonly serverName: string;
  /** Protocol for `-starttls`; omitted for implicit TLS. */
  readonly starttls?: 'smtp' | 'imap' | 'pop3';
  /** Line sent after the handshake so the server closes the connection (QUIT, a LOGOUT). */
  readonly closingCommand: string;
}

export interface TlsProbeResult {
  readonly verified: boolean;
  readonly certificatesSent: number;
  readonly output: string;
}

/**
 * Runs `openssl s_client` with chain and host name verification against `caFile`, sends the
 * closing command, and reports whether verification passed and how many certificates the
 * server sent.
 */
export async function probeTls(probe: TlsProbe): Promise<TlsProbeResult> {
  const args = [
    's_client',
    '-connect',
    `${probe.host}:${probe.port}`,
    '-servername',
    probe.serverName,
    '-verify_hostname',
    probe.serverName,
    '-CAfile',
    probe.caFile,
    '-verify_return_error',
    '-showcerts',
    '-crlf',
    // Keep reading after standard input ends, until the server closes after the closing command.
    '-ign_eof',
  ];
  if (probe.starttls !== undefined) args.push('-starttls', probe.starttls);

  const result = await runCommandUnchecked('openssl', args, {
    input: `${probe.closingCommand}\n`,
    timeoutMs: TOOL_TIMEOUT_MS,
  });
  const output = result.stdout + result.stderr;
  return {
    verified: result.exitCode === 0 && output.includes('Verify return code: 0 (ok)'),
    certificatesSent: output.split('-----BEGIN CERTIFICATE-----').length - 1,
    output,
  };
}

/** Returns whether the installed swaks can do TLS; Debian's swaks needs libnet-ssleay-perl for it. */
export async function swaksSupportsTls(): Promise<boolean> {
  // swaks exits non-zero when any optional feature is missing, so only the text counts.
  const result = await runCommandUnchecked('swaks', ['--support'], { timeoutMs: TOOL_TIMEOUT_MS });
  return !/TLS not available/.test(result.stdout + result.stderr);
}
