import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
  CASE_CA_ISSUERS_URL,
  createCertificateSets,
  writeChainFile,
  writeFullChainFile,
  type CertificateSets,
  type ServedChain,
} from './rig/certificate-sets';
import { startOpensslServer, type OpensslServer } from './rig/openssl-server';
import { expect, test, type ConsolePage } from './support/console-page';

let setsDir: string;
let sets: CertificateSets;
let server: OpensslServer | null = null;

test.beforeAll(async () => {
  setsDir = await mkdtemp(join(tmpdir(), 'mailtap-e2e-chains-'));
  sets = await createCertificateSets(setsDir);
});

test.afterAll(async () => {
  await rm(setsDir, { recursive: true, force: true });
});

test.afterEach(async () => {
  await server?.stop();
  server = null;
});

/** Serves the chain with openssl s_server and opens a Raw TLS session to it with the sets' root. */
async function connectTo(ui: ConsolePage, name: string, chain: ServedChain): Promise<void> {
  const chainFile = await writeChainFile(sets, name, chain);
  server = await startOpensslServer({
    certFile: chain.leaf.certFile,
    keyFile: chain.keyFile,
    ...(chainFile === undefined ? {} : { chainFile }),
  });
  await ui.connect({
    host: server.host,
    port: server.port,
    protocol: 'Raw TLS',
    security: 'Implicit TLS',
    caFile: sets.caFile,
  });
  await expect(ui.status()).toContainText('TLSv1.3');
  await ui.page.getByRole('tab', { name: 'Certificates' }).click();
}

test('missing intermediate shows the gap in the diagram and the leaf details', async ({
  console: ui,
  page,
}) => {
  await connectTo(ui, 'e2e-leaf-only', sets.chains.leafOnly);
  const panel = page.getByRole('tabpanel');

  await expect(panel.getByText(/Untrusted\. The server did not send the issuer/)).toBeVisible();
  const path = panel.getByRole('list', { name: 'Certificate path, leaf first' });
  await expect(path.getByRole('button', { name: 'Leaf mail.chain.test' })).toContainText(
    'sent as #1',
  );
  await expect(path.getByText('Missing issuer')).toBeVisible();
  await expect(path).toContainText(CASE_CA_ISSUERS_URL);
  await expect(path).toContainText('intermediate missing');

  const details = panel.getByRole('region', { name: 'Certificate details' });
  await expect(details).toContainText('DNS:mail.chain.test');
  await expect(details).toContainText('RSA 2048 bits');
  await expect(details).toContainText('serverAuth');
  await expect(details.getByRole('img', { name: /Valid from .* days left/ })).toBeVisible();

  await expect(ui.status()).toContainText('untrusted: The server did not send the issuer');
  await expect(page.getByRole('navigation', { name: 'Sessions' })).toContainText(
    'untrusted (intermediate missing)',
  );
  await ui.screenshot('certificate-missing-intermediate');
});

test('extra certificate is listed outside the path with its badge', async ({
  console: ui,
  page,
}) => {
  await connectTo(ui, 'e2e-extra', sets.chains.extraUnrelated);
  const panel = page.getByRole('tabpanel');

  await expect(
    panel.getByText(/Trusted\. The chain verifies up to the trusted root/),
  ).toBeVisible();
  const path = panel.getByRole('list', { name: 'Certificate path, leaf first' });
  await expect(path.getByRole('button')).toHaveCount(3);
  await expect(path.getByRole('button', { name: 'Root Chain Test Root' })).toContainText(
    'not sent, from your CA file',
  );
  const extras = panel.getByRole('list', { name: 'Certificates sent but not in the path' });
  await expect(extras.getByRole('button', { name: /Unrelated Test CA/ })).toContainText(
    'not in the chain',
  );

  await path.getByRole('button', { name: 'Intermediate Chain Test CA 1' }).click();
  const details = panel.getByRole('region', { name: 'Certificate details' });
  await expect(details).toContainText('Intermediate, sent as #2');
  await expect(details).toContainText('CA');
  await expect(details).toContainText('keyCertSign');
  await expect(ui.status()).toContainText('verified');
  await ui.screenshot('certificate-extra-unrelated');
});

test('dropped PEM file opens in the inspector without a connection', async ({
  console: ui,
  page,
}) => {
  const file = await writeFullChainFile(sets, 'e2e-expired', sets.chains.expiredLeaf);
  const pem = await readFile(file, 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const transfer = new DataTransfer();
    transfer.items.add(
      new File([text], 'expired-fullchain.pem', { type: 'application/x-pem-file' }),
    );
    return transfer;
  }, pem);
  await page.dispatchEvent('body', 'drop', { dataTransfer });

  await expect(
    page.getByRole('heading', { name: 'Certificate file expired-fullchain.pem' }),
  ).toBeVisible();
  await expect(page.getByText(/Untrusted\. The leaf "mail\.chain\.test" expired on/)).toBeVisible();
  const path = page.getByRole('list', { name: 'Certificate path, leaf first' });
  await expect(path.getByRole('button', { name: 'Leaf mail.chain.test' })).toContainText(
    'file entry #1',
  );
  await expect(path.getByRole('button', { name: 'Leaf mail.chain.test' })).toContainText('expired');
  await ui.screenshot('certificate-file-dropped');

  await page.getByRole('button', { name: 'Close file' }).click();
  await expect(page.getByRole('heading', { name: 'Connect to a mail server' })).toBeVisible();
});
