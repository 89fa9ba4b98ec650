import { spawn } from 'node:child_process';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

const CLI = path.resolve('electron/browser-mode/cli.ts');

/** Runs the CLI under tsx and stops it with SIGTERM after its first line, or lets it exit. */
function runCli(args: string[]): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
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
    const { stdout, code } = await runCli(['--port', '0', '--renderer-dir', 'dist/renderer']);
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
});
