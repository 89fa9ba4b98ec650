import { startFakeServer, type FakeServer } from '../electron/engine/test-support/fake-server';
import { expect, test, type ConsolePage } from './support/console-page';
import { connectToFake, startFakeImap, startFakeSmtp } from './support/fake-servers';

const PASTED_LINE_COUNT = 5_000;

let server: FakeServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

/**
 * Pastes text into the Command box through the clipboard, as a person would. Playwright's
 * `fill` is avoided on purpose, because it is very slow in Chromium for a multi-line text of
 * this size.
 */
async function paste(ui: ConsolePage, text: string): Promise<void> {
  const page = ui.page;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  const box = page.getByLabel('Command');
  await box.focus();
  await box.press('ControlOrMeta+V');
  await expect
    .poll(() => box.evaluate((node) => (node as HTMLTextAreaElement).value.length))
    .toBe(text.length);
}

test('a pasted block of 5,000 lines goes out in order', async ({ console: ui, page }) => {
  server = await startFakeServer(() => undefined);
  await connectToFake(ui, server, 'Raw TCP');
  await expect(ui.status()).toContainText('Connected');
  const lines = Array.from(
    { length: PASTED_LINE_COUNT },
    (_, index) => `line ${index + 1} of the paste`,
  );

  await paste(ui, lines.join('\n'));
  await page.getByLabel('Command').press('Enter');

  const expected = lines.map((line) => `${line}\r\n`).join('');
  await expect.poll(() => server!.received[0]?.toString('latin1').length).toBe(expected.length);
  expect(server.received[0]!.toString('latin1')).toBe(expected);
  await expect(page.getByLabel('Command')).toHaveValue('');
  await page.getByLabel('Command').press('ArrowUp');
  await expect(page.getByLabel('Command')).toHaveValue(`line ${PASTED_LINE_COUNT} of the paste`);
  await ui.screenshot('command-box-large-paste');
});

test('a refused line stays in the box with the rest', async ({ console: ui, page }) => {
  server = await startFakeSmtp(['STARTTLS']);
  await connectToFake(ui, server);
  await ui.expectTerminal(/S: 220 fake\.mailtap\.test/);

  await paste(ui, 'EHLO me\nSTARTTLS\nMAIL FROM:<a@example.test>\nRCPT TO:<b@example.test>');
  await page.getByLabel('Command').press('Enter');

  await expect(page.getByRole('alert')).toContainText('INPUT_HELD_FOR_STARTTLS');
  await expect(page.getByLabel('Command')).toHaveValue(
    'MAIL FROM:<a@example.test>\nRCPT TO:<b@example.test>',
  );
  expect(server.received[0]!.toString('latin1')).not.toContain('MAIL FROM');
  await ui.screenshot('command-box-refused-rest');
});

test('history does not recall a password', async ({ console: ui, page }) => {
  server = await startFakeImap();
  await connectToFake(ui, server, 'IMAP (143)');
  await ui.expectTerminal(/S: \* OK \[CAPABILITY IMAP4rev1\] fake ready/);

  await ui.send('a1 LOGIN alice "s3cret pass"');
  await ui.expectTerminal(/C: a1 LOGIN alice \*{8}/);
  await ui.send('a2 NOOP');
  await ui.expectTerminal(/S: a2 OK done/);

  const box = page.getByLabel('Command');
  await box.press('ArrowUp');
  await expect(box).toHaveValue('a2 NOOP');
  await box.press('ArrowUp');
  await expect(box).toHaveValue('a2 NOOP');
  expect(await page.locator('body').innerText()).not.toContain('s3cret');
});

test('a closed session keeps the text and reconnects in its tab', async ({ console: ui, page }) => {
  server = await startFakeSmtp();
  await connectToFake(ui, server);
  await ui.expectTerminal(/S: 220 fake\.mailtap\.test/);
  await ui.send('QUIT');
  await expect(ui.status()).toContainText('Closed');

  const box = page.getByLabel('Command');
  await box.fill('NOOP');
  await expect(page.getByRole('button', { name: 'Send', exact: true })).toBeDisabled();
  await expect(page.getByText('This session is closed, so nothing can be sent.')).toBeVisible();
  await box.press('Enter');
  await expect(box).toHaveValue('NOOP');
  await expect(page.getByText('SESSION_NOT_FOUND')).toHaveCount(0);
  await ui.screenshot('closed-session-reconnect');

  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(ui.status()).toContainText('Connected');
  await expect(page.getByRole('tablist', { name: 'Sessions' }).getByRole('tab')).toHaveCount(2);
  await expect(box).toHaveValue('NOOP');
  await box.press('Enter');
  await expect.poll(() => server!.received[1]?.toString('latin1')).toBe('NOOP\r\n');
});

test('Tab and Escape leave the terminal', async ({ console: ui, page }) => {
  server = await startFakeSmtp();
  await connectToFake(ui, server);
  await ui.expectTerminal(/S: 220 fake\.mailtap\.test/);
  const terminal = page.getByLabel('Terminal input');
  const box = page.getByLabel('Command');

  await terminal.focus();
  await page.keyboard.press('Tab');
  await expect(terminal).not.toBeFocused();
  await expect(box).toBeFocused();

  await terminal.focus();
  await page.keyboard.press('Shift+Tab');
  await expect(terminal).not.toBeFocused();
  const focusedTag = await page.evaluate(() => document.activeElement?.tagName);
  expect(focusedTag).not.toBe('BODY');

  await terminal.focus();
  await page.keyboard.press('Escape');
  await expect(box).toBeFocused();
  expect(server.received.join('')).not.toContain('\t');
});
