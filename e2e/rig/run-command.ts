import { spawn } from 'node:child_process';

/** Default limit for one helper command (openssl, postfix); a hung command fails the rig instead of the test run. */
export const COMMAND_TIMEOUT_MS = 30_000;

/** Most output kept from one command, so a chatty failure cannot fill memory. */
const MAX_CAPTURED_OUTPUT_CHARS = 64 * 1024;

export interface CommandOptions {
  readonly cwd?: string;
  readonly timeoutMs?: number;
  /** Text to mask in error messages, such as a password passed on the command line. */
  readonly secrets?: readonly string[];
  /** Bytes written to the command's standard input. */
  readonly input?: string;
  /**
   * Resolve when the process exits instead of when its output pipes close. Needed for commands
   * that leave a daemon behind (`postfix start`), which may keep the pipes open. Output written
   * just before the exit may then be missing.
   */
  readonly resolveOnExit?: boolean;
}

export interface CommandResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Replaces every secret in `text` with asterisks. */
export function maskSecrets(text: string, secrets: readonly string[] = []): string {
  let masked = text;
  for (const secret of secrets) {
    if (secret !== '') masked = masked.split(secret).join('********');
  }
  return masked;
}

function appendCapped(buffer: string, chunk: Buffer): string {
  const joined = buffer + chunk.toString('utf8');
  return joined.length > MAX_CAPTURED_OUTPUT_CHARS
    ? joined.slice(-MAX_CAPTURED_OUTPUT_CHARS)
    : joined;
}

/** Runs a command to completion and returns its output and exit code without throwing on a non-zero exit. */
export function runCommandUnchecked(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
  const commandLine = maskSecrets([file, ...args].join(' '), options.secrets);

  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout = appendCapped(stdout, chunk)));
    child.stderr.on('data', (chunk: Buffer) => (stderr = appendCapped(stderr, chunk)));
    child.stdin.on('error', () => {
      // The command may exit before reading its input. Its exit code reports the real problem.
    });
    child.stdin.end(options.input ?? '');

    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Command timed out after ${timeoutMs} ms: ${commandLine}`));
    }, timeoutMs);

    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(
          `Could not start ${file}: ${error.message}. Check that it is installed and in PATH.`,
        ),
      );
    });
    const finish = (code: number | null, signal: NodeJS.Signals | null): void => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal === null ? -1 : 128), stdout, stderr });
    };
    if (options.resolveOnExit === true) {
      // One turn of the event loop lets the pipes deliver what the command wrote just before exiting.
      child.on('exit', (code, signal) => setImmediate(() => finish(code, signal)));
    } else {
      child.on('close', finish);
    }
  });
}

/** Runs a command and throws, with its masked command line and standard error, unless it exits with 0. */
export async function runCommand(
  file: string,
  args: readonly string[],
  options: CommandOptions = {},
): Promise<CommandResult> {
  const result = await runCommandUnchecked(file, args, options);
  if (result.exitCode === 0) return result;

  const commandLine = maskSecrets([file, ...args].join(' '), options.secrets);
  const output = maskSecrets((result.stderr + result.stdout).trim(), options.secrets);
  throw new Error(`Command failed with exit code ${result.exitCode}: ${commandLine}\n${output}`);
}
