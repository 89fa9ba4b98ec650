import type { Page } from '@playwright/test';

import { waitForMaildirMessage } from './rig/index';
import { expect, test } from './support/console-page';

/** Returns the sidebar tab panel that is showing. */
function sidebar(page: Page) {
  return page.getByRole('tabpanel');
}

/**
 * Moves the pointer onto the terminal row that shows this text, as a person does. xterm's screen
 * layer lies over its rows and takes the mouse events, so the pointer goes to the row's position.
 */
async function pointAt(page: Page, text: string | RegExp, click = false): Promise<void> {
  const row = page.locator('.xterm-rows > div').filter({ hasText: text }).last();
  const box = await row.boundingBox();
  if (box === null) {
    throw new Error(`No terminal row shows ${String(text)}.`);
  }
  const x = box.x + Math.min(box.width / 2, 120);
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y, { steps: 3 });
  if (click) {
    await page.mouse.click(x, y);
  }
}

test('capabilities before and after STARTTLS, and a reply explained', async ({
  console: ui,
  rig,
  page,
}) => {
  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'Plain',
    caFile: rig.caFile,
  });
  await ui.expectTerminal(/S: 220 /);
  await page.getByRole('tab', { name: 'Capabilities' }).click();
  await expect(sidebar(page)).toContainText('Send EHLO to see what the server offers.');

  await ui.send('EHLO client.mailtap.test');
  const table = page.getByRole('table', { name: 'Capabilities' });
  await expect(table.getByRole('rowheader', { name: 'STARTTLS' })).toBeVisible();
  await expect(table.getByRole('columnheader')).toHaveText(['Name', 'Before TLS']);
  await expect(table.getByRole('row', { name: /^SIZE/ })).toContainText('10240000 bytes (9.8 MiB)');
  await expect(page.getByRole('list', { name: 'Capability warnings' })).toHaveCount(0);
  await ui.screenshot('capabilities-before-tls');

  await ui.send('STARTTLS');
  await expect(ui.status()).toContainText('verified');
  await ui.send('EHLO client.mailtap.test');
  await expect(table.getByRole('columnheader')).toHaveText(['Name', 'Before TLS', 'Over TLS']);
  await expect(table.getByRole('row', { name: /^AUTH/ })).toContainText('added over TLS');
  await expect(table.getByRole('row', { name: /^AUTH/ })).toContainText('PLAIN, LOGIN');
  await expect(table.getByRole('row', { name: /^STARTTLS/ })).toContainText('gone over TLS');
  await expect(sidebar(page)).toContainText('no longer valid');
  await ui.screenshot('capabilities-before-and-after-tls');

  // Hovering a server line explains it in a tooltip and in the Explain tab.
  await page.getByRole('tab', { name: 'Explain' }).click();
  await ui.send('RCPT TO:<bob@example.net>');
  await ui.expectTerminal(/S: 503 5\.5\.1 Error: need MAIL command/);
  await pointAt(page, 'S: 503 5.5.1');
  await expect(page.getByRole('tooltip')).toContainText('503: Bad sequence of commands.');
  await expect(sidebar(page)).toContainText('MAIL FROM is missing');
  await expect(sidebar(page)).toContainText('5.5.1');
  await expect(sidebar(page)).toContainText('Invalid command');
  await expect(sidebar(page)).toContainText('RFC 3463');
  await ui.screenshot('reply-explained-on-hover');

  // Clicking pins the explanation, so it stays while the pointer moves on.
  await pointAt(page, 'S: 503 5.5.1', true);
  await pointAt(page, /S: 250-AUTH/);
  await expect(sidebar(page)).toContainText('MAIL FROM is missing');
  await page.getByRole('button', { name: 'Follow the pointer again' }).click();
  await pointAt(page, /S: 250-AUTH/);
  await expect(sidebar(page)).toContainText('SMTP extension: PLAIN, LOGIN');
});

test('a guided test message goes through step by step', async ({ console: ui, rig, page }) => {
  const subject = `Mailtap guided ${Date.now()}`;
  await ui.connect({
    host: rig.host,
    port: rig.ports.smtp,
    protocol: 'SMTP (25)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');
  await page.getByRole('tab', { name: 'Test message' }).click();
  const panel = sidebar(page);
  await panel.getByLabel('From').fill(rig.user.address);
  await panel.getByLabel('To').fill(rig.user.address);
  await panel.getByLabel('Subject').fill(subject);
  await panel.getByLabel('Body').fill('Line one.\n.A line that starts with a dot.');

  const steps = panel.getByRole('list', { name: 'Test message steps' }).getByRole('listitem');
  for (const [index, label] of ['MAIL FROM', 'RCPT TO', 'DATA'].entries()) {
    await panel.getByRole('button', { name: `Send ${label}` }).click();
    await expect(steps.nth(index)).toContainText('done');
  }
  await expect(steps.nth(2)).toContainText('354');
  await panel.getByRole('button', { name: 'Send Headers, body and final dot' }).click();
  await expect(steps.nth(3)).toContainText(/250 2\.0\.0 Ok: queued/);
  await expect(panel.getByRole('button', { name: 'Message sent' })).toBeDisabled();

  // Every line went through the terminal, the stuffed dot included.
  await ui.expectTerminal(/C: MAIL FROM:<alice@mailtap\.test>/);
  await ui.expectTerminal(/C: \.\.A line that starts with a dot\./);
  const message = await waitForMaildirMessage(rig.maildir, (text) => text.includes(subject));
  expect(message).toMatch(/^\.A line that starts with a dot\.$/m);
  await ui.screenshot('guided-test-message');
});
