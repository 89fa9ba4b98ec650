import type { Page } from '@playwright/test';

import { waitForMaildirMessage } from './rig/index';
import { expect, test, type ConsolePage } from './support/console-page';
import type { MailRigInfo } from './rig/index';

/** Connects to the rig's port 25 with STARTTLS and opens the Test message tab. */
async function openGuide(ui: ConsolePage, rig: MailRigInfo, page: Page) {
  await ui.connect({
    host: rig.host,
    port: rig.ports.smtp,
    protocol: 'SMTP (25)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');
  await page.getByRole('tab', { name: 'Test message' }).click();
  return page.getByRole('tabpanel');
}

test('typed line waits while the guide sends the message', async ({ console: ui, rig, page }) => {
  const subject = `Mailtap guide hold ${Date.now()}`;
  const panel = await openGuide(ui, rig, page);
  await panel.getByLabel('From').fill(rig.user.address);
  await panel.getByLabel('To').fill(rig.user.address);
  await panel.getByLabel('Subject').fill(subject);
  await panel.getByLabel('Body').fill('Only the guide writes this body.');

  const steps = panel.getByRole('list', { name: 'Test message steps' }).getByRole('listitem');
  for (const [index, label] of ['MAIL FROM', 'RCPT TO', 'DATA'].entries()) {
    await panel.getByRole('button', { name: `Send ${label}` }).click();
    await expect(steps.nth(index)).toContainText('done');
  }

  // The server now reads message content, so a typed line must not reach it.
  const command = page.getByLabel('Command');
  await command.fill('X-Typed: by hand');
  await command.press('Enter');
  await expect(page.getByRole('alert')).toContainText('Test message guide is sending a message');
  await expect(command).toHaveValue('X-Typed: by hand');

  await panel.getByRole('button', { name: 'Send Headers, body and final dot' }).click();
  await expect(panel.getByRole('button', { name: 'Message sent' })).toBeDisabled();
  const message = await waitForMaildirMessage(rig.maildir, (text) => text.includes(subject));
  expect(message).not.toContain('X-Typed');

  // The hold ends with the message, and the kept line goes out as a command.
  await command.fill('NOOP');
  await command.press('Enter');
  await expect(command).toHaveValue('');
  await ui.expectTerminal(/C: NOOP/);
});

test('guide encodes the subject and sends each recipient', async ({ console: ui, rig, page }) => {
  const marker = `${Date.now()}`;
  const subject = `Zustellprüfung ${marker} mit Umlauten äöü und einem längeren Betreff für RFC 2047`;
  const panel = await openGuide(ui, rig, page);
  await panel.getByLabel('From').fill(rig.user.address);
  await panel.getByLabel('To').fill(`${rig.user.address}, Alice <${rig.user.address}>`);
  await panel.getByLabel('Subject').fill(subject);
  await panel.getByLabel('Body').fill(`Grüße aus dem Test ${marker}.`);

  const labels = ['MAIL FROM', `RCPT TO ${rig.user.address}`, `RCPT TO ${rig.user.address}`];
  const steps = panel.getByRole('list', { name: 'Test message steps' }).getByRole('listitem');
  for (const [index, label] of [...labels, 'DATA'].entries()) {
    await panel.getByRole('button', { name: `Send ${label}`, exact: true }).click();
    await expect(steps.nth(index)).toContainText('done');
  }
  await panel.getByRole('button', { name: 'Send Headers, body and final dot' }).click();
  await expect(panel.getByRole('button', { name: 'Message sent' })).toBeDisabled();

  await ui.expectTerminal(/C: MAIL FROM:<alice@mailtap\.test> BODY=8BITMIME/);
  const message = await waitForMaildirMessage(rig.maildir, (text) => text.includes(marker));
  const header = /^Subject: (.*(?:\r?\n[ \t].*)*)/m.exec(message)?.[1] ?? '';
  const words = header.split(/\s+/).filter((word) => word !== '');
  expect(words.length).toBeGreaterThan(1);
  expect(words.every((word) => /^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/.test(word))).toBe(true);
  expect(words.every((word) => word.length <= 75)).toBe(true);
  const decoded = words
    .map((word) => Buffer.from(word.slice('=?UTF-8?B?'.length, -2), 'base64'))
    .reduce((all, part) => Buffer.concat([all, part]), Buffer.alloc(0))
    .toString('utf8');
  expect(decoded).toBe(subject);
});

test('guide starts over after RSET typed by hand', async ({ console: ui, rig, page }) => {
  const panel = await openGuide(ui, rig, page);
  await panel.getByLabel('From').fill(rig.user.address);
  await panel.getByLabel('To').fill(rig.user.address);
  const steps = panel.getByRole('list', { name: 'Test message steps' }).getByRole('listitem');
  await panel.getByRole('button', { name: 'Send MAIL FROM' }).click();
  await expect(steps.nth(0)).toContainText('done');

  await ui.send('RSET');

  await expect(panel).toContainText('starts again at MAIL FROM');
  await expect(steps.nth(0)).toContainText('pending');
  await panel.getByRole('button', { name: 'Send MAIL FROM' }).click();
  await expect(steps.nth(0)).toContainText('done');
  await panel.getByRole('button', { name: 'Send RCPT TO' }).click();
  await expect(steps.nth(1)).toContainText(/done.*250/);
});
