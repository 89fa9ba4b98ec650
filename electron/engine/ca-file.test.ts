import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import { readCaFileText } from './ca-file';
import { MAX_CA_FILE_BYTES } from './limits';
import { resolveSessionOptions } from './session-options';
import { createTlsFixtures, type TlsFixtures } from './test-support/tls-fixtures';

let dir: string;
let fixtures: TlsFixtures;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-ca-file-'));
  fixtures = await createTlsFixtures();
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await fixtures.dispose();
});

function optionsWith(caFile: string): SessionOptions {
  return { host: 'mail.example.test', port: 25, protocol: 'smtp', security: 'plain', caFile };
}

/** Returns the detail of the INVALID_OPTIONS error that resolving the options throws. */
async function rejection(caFile: string): Promise<string> {
  const error: unknown = await resolveSessionOptions(optionsWith(caFile)).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  const failure = error as { error?: { code?: string; context?: { detail?: string } } } | null;
  expect(failure?.error?.code).toBe('INVALID_OPTIONS');
  return failure?.error?.context?.detail ?? '';
}

describe('CA file', () => {
  it('rejects a character device', async () => {
    const detail = await rejection('/dev/zero');

    expect(detail).toContain('/dev/zero');
    expect(detail).toContain('not a regular file');
  });

  it('rejects a FIFO without waiting for a writer', async () => {
    const fifo = path.join(dir, 'ca.fifo');
    execFileSync('mkfifo', [fifo]);

    const detail = await rejection(fifo);

    expect(detail).toContain('FIFO');
  });

  it('rejects a folder', async () => {
    expect(await rejection(dir)).toContain('not a regular file');
  });

  it('rejects a file one byte over the cap', async () => {
    const large = path.join(dir, 'large.pem');
    await writeFile(large, '');
    await truncate(large, MAX_CA_FILE_BYTES + 1);

    const detail = await rejection(large);

    expect(detail).toContain(String(MAX_CA_FILE_BYTES + 1));
    expect(detail).toContain(`maximum is ${MAX_CA_FILE_BYTES}`);
  });

  it('reads a file of exactly the cap', async () => {
    const atCap = path.join(dir, 'at-cap.pem');
    const pem = `${fixtures.caPem.trimEnd()}\n`;
    await writeFile(atCap, pem.padEnd(MAX_CA_FILE_BYTES, '\n'));

    const file = await readCaFileText(atCap);

    expect(file.ok).toBe(true);
    expect(file.ok ? file.text.length : 0).toBe(MAX_CA_FILE_BYTES);
  });

  it('adds the certificates of a PEM file to the roots', async () => {
    const caFile = path.join(dir, 'ca.pem');
    await writeFile(caFile, fixtures.caPem);

    const resolved = await resolveSessionOptions(optionsWith(caFile));

    expect(resolved.roots.info.userCount).toBe(1);
  });

  it('reports a missing file with its path', async () => {
    const missing = path.join(dir, 'missing.pem');

    const detail = await rejection(missing);

    expect(detail).toContain(missing);
    expect(detail).toContain('ENOENT');
  });
});
