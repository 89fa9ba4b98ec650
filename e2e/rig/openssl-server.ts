/**
 * `openssl s_server` as a TLS server with any certificate set, and `openssl s_client` as the
 * reference verifier that the console's verdicts are compared with.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { isIP } from 'node:net';
import { createInterface } from 'node:readline';

import { reserveFreePorts } from './ports';
import { runCommandUnchecked } from './run-command';

/** s_server prints ACCEPT within a second; a loaded CI machine gets ten. */
const SERVER_START_TIMEOUT_MS = 10_000;
/** Time a stopped server gets to exit before it is killed. */
const SERVER_STOP_GRACE_MS = 2_000;
/** Starts tried when another process took the reserved port first. */
const MAX_START_ATTEMPTS = 3;

export const OPENSSL_SERVER_HOST = '127.0.0.1';

export interface OpensslServerOptions {
  /** The leaf, which s_server always sends first. */
  readonly certFile: string;
  readonly keyFile: string;
  /** Further certificates, sent after the leaf exactly in this file's order. */
  readonly chainFile?: string;
  /** The only version the server speaks; every version its OpenSSL has when absent. */
  readonly tlsVersion?: '1.0' | '1.2' | '1.3';
  /** OpenSSL cipher string for TLS 1.2 and older; `DEFAULT:@SECLEVEL=0` when absent. */
  readonly cipher?: string;
  /** DH parameters for DHE cipher suites (`-dhparam`), e.g. a weak 1024-bit group. */
  readonly dhparamFile?: string;
  /** Turns TLS 1.3 off, so that the TLS 1.2 cipher string decides the key exchange. */
  readonly noTls13?: boolean;
}

export interface OpensslServer {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

function serverArgs(options: OpensslServerOptions, port: number): string[] {
  return [
    's_server',
    '-accept',
    `${OPENSSL_SERVER_HOST}:${port}`,
    '-cert',
    options.certFile,
    '-key',
    options.keyFile,
    ...(options.chainFile === undefined ? [] : ['-cert_chain', options.chainFile]),
    // Security level 0 lets the server load the weak certificates (RSA-1024, SHA-1) whose
    // rejection the client side is tested on, and speak TLS 1.0.
    '-cipher',
    options.cipher ?? 'DEFAULT:@SECLEVEL=0',
    ...(options.dhparamFile === undefined ? [] : ['-dhparam', options.dhparamFile]),
    ...(options.noTls13 === true ? ['-no_tls1_3'] : []),
    ...(options.tlsVersion === '1.0' ? ['-tls1'] : []),
    ...(options.tlsVersion === '1.2' ? ['-tls1_2'] : []),
    ...(options.tlsVersion === '1.3' ? ['-tls1_3'] : []),
  ];
}

function waitForAccept(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let errors = '';
    child.stderr?.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      reject(new Error(`openssl s_server printed no ACCEPT within ${SERVER_START_TIMEOUT_MS} ms`));
    }, SERVER_START_TIMEOUT_MS);
    lines.on('line', (line) => {
      if (line.trim() === 'ACCEPT') {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`openssl s_server exited with code ${code ?? 'null'}: ${errors.trim()}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_GRACE_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts `openssl s_server` on loopback. It serves one connection at a time and keeps
 * accepting until `stop()`. Its standard input stays open, because s_server ends a connection
 * when its input ends.
 */
export async function startOpensslServer(options: OpensslServerOptions): Promise<OpensslServer> {
  for (let attempt = 1; ; attempt++) {
    const [port] = (await reserveFreePorts(OPENSSL_SERVER_HOST, 1)) as [number];
    const child = spawn('openssl', serverArgs(options, port), { stdio: ['pipe', 'pipe', 'pipe'] });
    // Exiting with the test process must not leave a server holding the port.
    const killOnExit = (): void => {
      child.kill('SIGKILL');
    };
    process.once('exit', killOnExit);
    try {
      await waitForAccept(child);
    } catch (error) {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
      const portTaken = error instanceof Error && error.message.includes('in use');
      if (!portTaken || attempt >= MAX_START_ATTEMPTS) {
        throw error;
      }
      continue;
    }
    child.stdout?.resume();
    return {
      host: OPENSSL_SERVER_HOST,
      port,
      stop: async () => {
        process.removeListener('exit', killOnExit);
        await stopChild(child);
      },
    };
  }
}

export interface OpensslVerdict {
  readonly trusted: boolean;
  /** s_client's `Verification error:` line, or its last error line. */
  readonly reason: string;
}

/**
 * Connects with `openssl s_client -verify_return_error` and reports whether it accepted the
 * chain, with `-CAfile` and the host name (`-verify_hostname`) or IP address (`-verify_ip`).
 * s_client also trusts the system's default roots, as the console does.
 */
export async function verifyWithOpenssl(
  port: number,
  caFile: string,
  name: string,
  host: string = OPENSSL_SERVER_HOST,
): Promise<OpensslVerdict> {
  const nameArgs = isIP(name) === 0 ? ['-verify_hostname', name] : ['-verify_ip', name];
  const result = await runCommandUnchecked('openssl', [
    's_client',
    '-connect',
    `${host}:${port}`,
    '-verify_return_error',
    '-CAfile',
    caFile,
    ...nameArgs,
  ]);
  const output = `${result.stdout}\n${result.stderr}`;
  const reason =
    /Verification error: (.*)/.exec(output)?.[1] ??
    /Verify return code: (.*)/.exec(output)?.[1] ??
    output.trim().split('\n').at(-1) ??
    '';
  return { trusted: result.exitCode === 0, reason };
}
