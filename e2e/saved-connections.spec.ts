import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { serializeConnections } from '../shared/connections/connections-file';
import { CONNECTIONS_FILE_NAME } from '../electron/engine/connections/connection-store';
import { ConsolePage, expect, test } from './support/console-page';
import { startServe, stopServe } from './support/serve';

test('two saved connections reopen in two tabs after a restart', async ({ rig, browser }) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailtap-saved-'));
  try {
    const first = await startServe(dataDir);
    const page = await browser.newPage();
    try {
      const ui = new ConsolePage(page, first.url);
      await ui.open();
      for (const saved of [
        { name: 'Rig submission', protocol: 'Submission (587)', port: rig.ports.submission },
        { name: 'Rig IMAP', protocol: 'IMAP (143)', port: rig.ports.imap },
      ]) {
        await page.getByLabel('Protocol').selectOption({ label: saved.protocol });
        await page.getByLabel('Host').fill(rig.host);
        await page.getByLabel('Port').fill(String(saved.port));
        await page.getByLabel('Security').selectOption({ label: 'STARTTLS' });
        await ui.openAdvanced();
        await page.getByLabel('CA file').fill(rig.caFile);
        await page.getByLabel('Connection name').fill(saved.name);
        await page.getByRole('button', { name: 'Save settings' }).click();
        await expect(page.getByRole('button', { name: `Open ${saved.name}` })).toBeVisible();
      }
      // Browser mode says why it stores no password.
      await expect(page.getByLabel('Password (optional)')).toBeDisabled();
    } finally {
      await page.close();
      await stopServe(first.child);
    }

    const second = await startServe(dataDir);
    const page2 = await browser.newPage();
    try {
      const ui = new ConsolePage(page2, second.url);
      await ui.open();
      await page2.getByRole('button', { name: 'Open Rig submission' }).click();
      await expect(ui.status()).toContainText('verified');
      await page2.getByRole('tab', { name: '+ New connection' }).click();
      await page2.getByRole('button', { name: 'Open Rig IMAP' }).click();
      await expect(ui.status()).toContainText('verified');
      await ui.expectTerminal(/S: MT2 OK/);

      const tabs = page2.getByRole('tablist', { name: 'Sessions' }).getByRole('tab');
      await expect(tabs).toHaveText([
        new RegExp(`${rig.ports.submission} SMTP`),
        new RegExp(`${rig.ports.imap} IMAP`),
        /New connection/,
      ]);
      await page2.getByRole('tab', { name: `${rig.host}:${rig.ports.submission} SMTP` }).click();
      await ui.send('EHLO client.mailtap.test');
      await ui.expectTerminal(/S: 250-AUTH PLAIN LOGIN/);
      await ui.screenshot('saved-connections-two-tabs');
    } finally {
      await page2.close();
      await stopServe(second.child);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('browser mode offers no stored password in the Auth tab', async ({ rig, browser }) => {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailtap-saved-'));
  try {
    // A file written by the desktop app can carry a password that browser mode cannot decrypt.
    const stored = {
      id: 'desktop-entry',
      name: 'Desktop submission',
      host: rig.host,
      port: rig.ports.submission,
      protocol: 'smtp',
      security: 'starttls',
      caFile: rig.caFile,
      username: rig.user.login,
      password: { scheme: 'electron-safe-storage', data: 'AAAA' },
    } as const;
    await writeFile(
      path.join(dataDir, CONNECTIONS_FILE_NAME),
      serializeConnections([stored], true),
    );
    const serve = await startServe(dataDir);
    const page = await browser.newPage();
    try {
      const ui = new ConsolePage(page, serve.url);
      await ui.open();
      await expect(page.getByText('password stored')).toBeVisible();
      await page.getByRole('button', { name: 'Open Desktop submission' }).click();
      await expect(ui.status()).toContainText('verified');
      await page.getByRole('tab', { name: 'Auth' }).click();

      await expect(page.getByLabel('User name', { exact: true })).toHaveValue(rig.user.login);
      await expect(page.getByLabel('Password', { exact: true })).toBeVisible();
      await expect(page.getByText('Use the saved password')).toHaveCount(0);
    } finally {
      await page.close();
      await stopServe(serve.child);
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('new connection shows kept Advanced values', async ({ console: ui, rig, page }) => {
  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');

  await page.getByRole('tab', { name: '+ New connection' }).click();
  const caFile = page.getByLabel('CA file');
  await expect(caFile).toBeVisible();
  await expect(caFile).toHaveValue(rig.caFile);

  // Closed again by hand, the section still names the kept value.
  const summary = page.locator('details.advanced summary');
  await summary.click();
  await expect(caFile).toBeHidden();
  await expect(summary).toContainText(`CA file: ${rig.caFile}`);
});
