import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const CLI = path.resolve('electron/browser-mode/cli.ts');

let rendererDir: string;

beforeAll(async () => {
  rendererDir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-cli-renderer-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Mailtap</title>');
});

afterAll(async () => {
  await rm(rendererDir, { recursive: true, force: true });
});

/** Runs the CLI under tsx and stops it with SIGTERM after its first line, or lets it exit. */
function runCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) {
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ stdout, stderr, code }));
  });
}

describe('browser-mode command line', () => {
  it('prints exactly one line with the address and token', async () => {
    const { stdout, code } = await runCli(['--port', '0', '--renderer-dir', rendererDir]);
    expect(stdout).toMatch(
      /^Mailtap is listening at http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}\n$/,
    );
    expect(code).toBe(0);
  });

  it.each([['70000'], ['-1'], ['http']])('rejects --port %s with a message', async (port) => {
    const { stdout, stderr, code } = await runCli([`--port=${port}`]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Invalid --port "${port}"`);
  });

  it('explains a port that is in use', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as net.AddressInfo;

    const { stdout, stderr, code } = await runCli([
      '--port',
      String(port),
      '--renderer-dir',
      rendererDir,
    ]);
    await new Promise((resolve) => blocker.close(resolve));

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use`);
    expect(stderr).toContain('--port');
    expect(stderr).not.toContain('listen EADDRINUSE');
  });

  it('warns about an unknown log level and starts', async () => {
    const { stdout, stderr, code } = await runCli(['--port', '0', '--renderer-dir', rendererDir], {
      MAILTAP_LOG_LEVEL: 'verbose',
    });

    expect(stderr).toContain('MAILTAP_LOG_LEVEL "verbose" is not one of debug, info, warn, error');
    expect(stdout).toMatch(/^Mailtap is listening at /);
    expect(code).toBe(0);
  });

  it('rejects a renderer folder without index.html', async () => {
    const missing = path.join(rendererDir, 'missing');

    const { stdout, stderr, code } = await runCli(['--port', '0', '--renderer-dir', missing]);

    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`--renderer-dir ${missing} has no index.html`);
  });
});
