import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CASE_LEAF_NAME,
  createCertificateSets,
  serveChain,
  writeFullChainFile,
  type CertificateSets,
  type ServedChain,
} from './rig/certificate-sets';
import type { OpensslServer, OpensslServerOptions } from './rig/openssl-server';
import { expect, test, type ConsolePage } from './support/console-page';

let setsDir: string;
let sets: CertificateSets;
let server: OpensslServer | null = null;

test.beforeAll(async () => {
  setsDir = await mkdtemp(join(tmpdir(), 'mailtap-e2e-legacy-'));
  sets = await createCertificateSets(setsDir);
});

test.afterAll(async () => {
  await rm(setsDir, { recursive: true, force: true });
});

test.afterEach(async () => {
  await server?.stop();
  server = null;
});

async function serve(
  name: string,
  chain: ServedChain,
  extra: Partial<OpensslServerOptions> = {},
): Promise<OpensslServer> {
  server = await serveChain(sets, name, chain, extra);
  return server;
}

async function connectRawTls(ui: ConsolePage, port: number, caFile: string): Promise<void> {
  await ui.connect({
    host: '127.0.0.1',
    port,
    protocol: 'Raw TLS',
    security: 'Implicit TLS',
    caFile,
  });
}

test('TLS 1.0-only server is explained, then reached in legacy mode', async ({
  console: ui,
  page,
}) => {
  const { port } = await serve('e2e-tls10', sets.chains.valid, {
    tlsVersion: '1.0',
    cipher: 'DEFAULT:@SECLEVEL=0',
  });

  await connectRawTls(ui, port, sets.caFile);
  await expect(ui.status()).toContainText('TLS_VERSION_TOO_OLD');
  await expect(ui.status()).toContainText(
    "The server supports at most TLS 1.1: it refused every version from TLS 1.2 to TLS 1.3 that this client offered; this client's minimum is TLS 1.2.",
  );
  await ui.screenshot('legacy-tls-refused');

  await page.getByRole('button', { name: 'New connection' }).first().click();
  await ui.openAdvanced();
  const legacy = page.getByLabel('Allow legacy TLS');
  await expect(legacy).not.toBeChecked();
  await legacy.check();
  await expect(page.getByText(/Legacy TLS is allowed for this connection/)).toBeVisible();
  await page.getByRole('button', { name: 'Connect' }).click();

  await expect(ui.status()).toContainText('TLSv1 ');
  await expect(ui.status()).toContainText('legacy TLS allowed');
  await page.getByRole('tab', { name: 'Certificates' }).click();
  await expect(page.getByRole('tabpanel')).toContainText('allowed for this session by your choice');
  await ui.screenshot('legacy-tls-connected');
});

test('cross-signed chain shows what legacy clients would say', async ({ console: ui, page }) => {
  const { port } = await serve('e2e-cross', sets.chains.crossSigned);
  await connectRawTls(ui, port, sets.crossSignCaFile);
  await expect(ui.status()).toContainText('verified');
  await page.getByRole('tab', { name: 'Certificates' }).click();
  const panel = page.getByRole('tabpanel');

  await expect(panel.getByLabel('Legacy verdict')).toHaveCount(0);
  await panel.getByLabel(/Legacy verification/).check();
  await expect(panel.getByLabel('Legacy verdict')).toContainText(
    'Legacy clients (OpenSSL 1.0.x, old GnuTLS): would fail: certificate has expired (error 10 at depth 3, "Chain Test Old Root"',
  );
  await expect(panel).toContainText('Chain Test Old Root (your CA file)');
  await ui.screenshot('legacy-verification-cross-signed');
});

test('missing intermediate says nothing was fetched through AIA', async ({ console: ui, page }) => {
  const { port } = await serve('e2e-aia', sets.chains.leafOnly);
  await connectRawTls(ui, port, sets.caFile);
  await page.getByRole('tab', { name: 'Certificates' }).click();
  const panel = page.getByRole('tabpanel');
  await expect(panel.getByText(/Untrusted\. The server did not send the issuer/)).toBeVisible();
  await expect(panel).toContainText('Nothing was fetched through AIA');
});

test('certificate file is checked against a host name and CA file', async ({
  console: ui,
  page,
}) => {
  const pem = await readFile(
    await writeFullChainFile(sets, 'e2e-check', sets.chains.valid),
    'utf8',
  );
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'fullchain.pem', { type: 'application/x-pem-file' }));
    return transfer;
  }, pem);
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByText(/Untrusted\. The chain ends at/)).toBeVisible();

  // A CA file chosen in the window: the name check fails, so the chain itself verified.
  await page.getByLabel('Host name to check').fill('mx.elsewhere.test');
  await page.getByLabel('CA file to add').setInputFiles(sets.caFile);
  await expect(page.getByText('Added: root.pem')).toBeVisible();
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(
    page.getByText(/Untrusted\. The certificate is for mail\.chain\.test/),
  ).toBeVisible();

  // The CA file as a path on the engine's machine, with the right name.
  await page.getByRole('button', { name: 'Remove' }).click();
  await page.getByLabel('CA file path').fill(sets.caFile);
  await page.getByLabel('Host name to check').fill(CASE_LEAF_NAME);
  await page.getByRole('button', { name: 'Check again' }).click();
  await expect(
    page.getByText(
      /Trusted\. The chain verifies up to the trusted root "Chain Test Root", and the certificate is valid for mail\.chain\.test\./,
    ),
  ).toBeVisible();
  await ui.screenshot('certificate-file-checked');
});
