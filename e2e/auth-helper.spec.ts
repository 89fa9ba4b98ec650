import { readFile } from 'node:fs/promises';

import type { Page } from '@playwright/test';

import { expect, plainAuthBlob, test, type ConsolePage } from './support/console-page';
import type { E2eEnvironment } from './support/environment';

const WRONG_PASSWORD = 'Wrong-pässword-42';

/** Opens the Auth tab and fills the helper; the password goes into the masked field. */
async function fillHelper(
  ui: ConsolePage,
  method: string,
  username: string,
  password: string,
): Promise<void> {
  const page = ui.page;
  await page.getByRole('tab', { name: 'Auth' }).click();
  await page.getByLabel('Method').selectOption({ label: method });
  await page.getByLabel('User name', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
}

/** Fails when the password shows anywhere in the page's markup or visible text. */
async function expectPasswordNowhere(ui: ConsolePage, ...secrets: string[]): Promise<void> {
  const markup = await ui.page.content();
  const visible = await ui.page.locator('body').innerText();
  const rows = (await ui.terminalRows()).join('\n');
  for (const secret of secrets) {
    expect(markup).not.toContain(secret);
    expect(visible).not.toContain(secret);
    expect(rows).not.toContain(secret);
  }
}

/** Collects what the page writes to its console and every uncaught page error. */
function recordConsole(page: Page): string[] {
  const messages: string[] = [];
  page.on('console', (message) => messages.push(message.text()));
  page.on('pageerror', (error) => messages.push(String(error)));
  return messages;
}

/** Fails when a secret shows in the page console or in browser mode's debug log. */
async function expectSecretsOutOfLogs(
  environment: E2eEnvironment,
  consoleMessages: readonly string[],
  ...secrets: string[]
): Promise<void> {
  const serverLog = await readFile(environment.serve!.logFile, 'utf8');
  // The log is real: the engine recorded this session in it.
  expect(serverLog).toContain('"message":"tls established"');

  const pageConsole = consoleMessages.join('\n');
  for (const secret of secrets) {
    expect(serverLog).not.toContain(secret);
    expect(pageConsole).not.toContain(secret);
  }
}

test('AUTH over SMTP submission through the sidebar, wrong password first', async ({
  console: ui,
  rig,
  page,
  environment,
}) => {
  const consoleMessages = recordConsole(page);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');
  await ui.expectTerminal(/S: 250-AUTH PLAIN LOGIN/);

  // AUTH LOGIN with a wrong password: each prompt is decoded beside the raw line, and the
  // refusal is shown and explained.
  await fillHelper(ui, 'AUTH LOGIN', rig.user.login, WRONG_PASSWORD);
  await page.getByLabel('Send initial response').uncheck();
  const plan = page.getByRole('list', { name: 'Lines to send' });
  await expect(plan).toContainText('AUTH LOGIN');
  await page.getByRole('button', { name: 'Insert' }).click();
  await ui.expectTerminal(/S: 334 VXNlcm5hbWU6 {2}\[decoded: Username:\]/);
  await ui.expectTerminal(/S: 334 UGFzc3dvcmQ6 {2}\[decoded: Password:\]/);
  await ui.expectTerminal(/S: 535 5\.7\.8 /);
  const lastExchange = page.getByRole('region', { name: 'Last exchange' });
  await expect(lastExchange).toContainText('refused');
  await expect(lastExchange).toContainText('rejected the credentials');

  // AUTH PLAIN with the right password: the exact line is shown masked before it is sent.
  await fillHelper(ui, 'AUTH PLAIN', rig.user.login, rig.user.password);
  await page.getByLabel('Send initial response').check();
  await expect(plan).toContainText('AUTH PLAIN ********');
  await page.getByRole('button', { name: 'Copy PLAIN message (base64)' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(plainAuthBlob(rig.user.login, rig.user.password));

  await page.getByRole('button', { name: 'Insert' }).click();
  await ui.expectTerminal(/C: AUTH PLAIN \*{8}/);
  await ui.expectTerminal(/S: 235 2\.7\.0 Authentication successful/);
  await expect(lastExchange).toContainText('accepted');

  // A lone * is explained before it is sent.
  await page.getByLabel('Command').fill('*');
  await expect(page.getByText('A lone * cancels the authentication exchange')).toBeVisible();
  await page.getByLabel('Command').fill('');

  await expectPasswordNowhere(
    ui,
    rig.user.password,
    WRONG_PASSWORD,
    plainAuthBlob(rig.user.login, rig.user.password),
  );
  await expectSecretsOutOfLogs(
    environment,
    consoleMessages,
    rig.user.password,
    WRONG_PASSWORD,
    plainAuthBlob(rig.user.login, rig.user.password),
    Buffer.from(rig.user.password).toString('base64'),
    Buffer.from(WRONG_PASSWORD).toString('base64'),
  );
  await ui.screenshot('auth-helper-smtp');
});

test('IMAP LOGIN through the sidebar sends the password as a literal', async ({
  console: ui,
  rig,
  page,
}) => {
  await ui.connect({
    host: rig.host,
    port: rig.ports.imap,
    protocol: 'IMAP (143)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');
  await ui.expectTerminal(/S: MT2 OK/);

  await fillHelper(ui, 'LOGIN', rig.user.login, rig.user.password);
  await expect(page.getByLabel('Tag')).toHaveValue('A1');
  const size = Buffer.byteLength(rig.user.password);
  await expect(page.getByRole('list', { name: 'Lines to send' })).toContainText(
    `A1 LOGIN "${rig.user.login}" {${size}+}`,
  );
  await page.getByRole('button', { name: 'Insert' }).click();
  await ui.expectTerminal(/S: A1 OK /);
  await ui.expectTerminal(/C: \*{8}/);
  await expect(page.getByLabel('Tag')).toHaveValue('A2');

  await ui.send('a3 SELECT INBOX');
  await ui.expectTerminal(/S: a3 OK \[READ-WRITE\]/);
  await expectPasswordNowhere(ui, rig.user.password);
  await ui.screenshot('auth-helper-imap');
});

test('the base64 inspector shows the newline that echo adds', async ({
  console: ui,
  rig,
  page,
}) => {
  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await page.getByRole('tab', { name: 'Base64' }).click();
  await page.getByLabel('Base64 to decode').fill('AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldAo=');
  const decoded = page.getByRole('region', { name: 'Decoded' });
  await expect(decoded).toContainText('newline (0a)');
  await expect(decoded).toContainText('alice@example.com');
  await expect(decoded).not.toContainText('s3cret');
  await page.getByLabel('Show the decoded secret').check();
  await expect(decoded).toContainText('s3cret\\n');

  await page.getByLabel('Text to encode').fill('\\0alice@example.com\\0s3cret');
  await expect(page.getByText('AGFsaWNlQGV4YW1wbGUuY29tAHMzY3JldA==')).toBeVisible();
});
