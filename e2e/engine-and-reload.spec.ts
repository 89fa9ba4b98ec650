import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { FakeServer } from '../electron/engine/test-support/fake-server';
import { ConsolePage, expect, test } from './support/console-page';
import { connectToFake, startFakeSmtp } from './support/fake-servers';
import { startServe, stopServe } from './support/serve';

let server: FakeServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('sessions read engine lost after browser mode stops', async ({ browser }) => {
  server = await startFakeSmtp();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailtap-engine-lost-'));
  const serve = await startServe(dataDir);
  const page = await browser.newPage();
  try {
    const ui = new ConsolePage(page, serve.url);
    await ui.open();
    await connectToFake(ui, server);
    await expect(ui.status()).toContainText('Connected');
    await expect(page.getByRole('button', { name: 'Disconnect' })).toBeVisible();

    await stopServe(serve.child);

    await expect(page.getByRole('alert').first()).toContainText(
      'Lost connection to the Mailtap engine',
    );
    const tab = page.getByRole('tablist', { name: 'Sessions' }).getByRole('tab').first();
    await expect(tab).toContainText('Engine lost');
    await expect(ui.status()).toContainText('Engine lost');
    await expect(ui.status()).toContainText('ENGINE_LOST');
    await expect(page.getByRole('button', { name: 'Disconnect' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Reconnect' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
    await ui.screenshot('engine-lost');
  } finally {
    await page.close();
    await stopServe(serve.child);
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('the token leaves the address and a reload keeps the form', async ({ console: ui, page }) => {
  await expect.poll(() => page.url()).not.toContain('token=');

  const host = page.getByLabel('Host');
  await page.getByRole('button', { name: 'Connect' }).click();
  await expect(page.getByText('Enter a host name or IP address.')).toBeVisible();
  await host.fill('smtp://127.0.0.2:2525');
  await expect(page.getByText('Enter a host name or IP address.')).toHaveCount(0);
  await host.press('Tab');
  await expect(host).toHaveValue('127.0.0.2');
  await expect(page.getByLabel('Port')).toHaveValue('2525');
  await expect(page.getByText('Moved port 2525 into Port.')).toBeVisible();
  await page.getByLabel('Protocol').selectOption({ label: 'IMAP (143)' });
  await page.getByLabel('Port').fill('2525');
  await ui.screenshot('host-url-note');

  await page.reload();

  await expect(page.getByRole('heading', { name: 'Connect to a mail server' })).toBeVisible();
  await expect(page.getByLabel('Host')).toHaveValue('127.0.0.2');
  await expect(page.getByLabel('Port')).toHaveValue('2525');
  await expect(page.getByLabel('Protocol')).toHaveValue('imap');
  await expect(page.getByText('Lost connection to the Mailtap engine')).toHaveCount(0);
  await expect(page.getByText('Could not reach the Mailtap engine')).toHaveCount(0);
  await expect(page.getByText('This page has no access token')).toHaveCount(0);
});

test('a reload asks first while a session is open', async ({ console: ui, page }) => {
  server = await startFakeSmtp();
  await connectToFake(ui, server);
  await expect(ui.status()).toContainText('Connected');
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.type());
    void dialog.dismiss();
  });

  // Not page.reload(): it would wait for a navigation that the dismissed dialog cancels.
  void page.evaluate(() => window.location.reload()).catch(() => undefined);

  await expect.poll(() => dialogs).toEqual(['beforeunload']);
  await expect(ui.status()).toContainText('Connected');
  await ui.send('NOOP');
  await expect.poll(() => server!.received[0]?.toString('latin1')).toContain('NOOP\r\n');
});
