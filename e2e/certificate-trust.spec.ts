import { expect, plainAuthBlob, test } from './support/console-page';

/** Terminal rows that must stay visible in a 1024 x 700 window: enough to follow a dialogue. */
const MIN_TERMINAL_ROWS = 8;

test('credentials wait until the user accepts an untrusted certificate', async ({
  console: ui,
  rig,
  page,
}) => {
  // Without the rig's CA file the chain ends at an unknown root.
  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'STARTTLS',
  });
  await expect(ui.status()).toContainText('TLSv1.3');
  const notice = page.getByRole('note', { name: 'Untrusted certificate' });
  await expect(notice).toContainText('lines with credentials are not sent');
  const fingerprint = (await notice.locator('code').textContent()) ?? '';
  expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

  const auth = `AUTH PLAIN ${plainAuthBlob(rig.user.login, rig.user.password)}`;
  const command = page.getByLabel('Command');
  await command.fill(auth);
  await command.press('Enter');
  const error = page.getByRole('alert');
  await expect(error).toContainText('CREDENTIALS_UNTRUSTED_CERTIFICATE');
  await expect(error).toContainText(fingerprint);
  await expect(command).toHaveValue(auth);
  await ui.screenshot('certificate-untrusted-credentials-blocked');

  // In a small window the long error scrolls inside its box: the page itself does not scroll,
  // the exact-bytes box stays on screen and the terminal keeps several rows.
  await page.setViewportSize({ width: 1024, height: 700 });
  await expect
    .poll(() => page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight))
    .toBeLessThanOrEqual(0);
  await expect(page.getByLabel('Send exact bytes')).toBeInViewport();
  await expect
    .poll(async () => (await ui.terminalRows()).length)
    .toBeGreaterThanOrEqual(MIN_TERMINAL_ROWS);

  await ui.screenshot('certificate-untrusted-1024');
  await page.setViewportSize({ width: 1280, height: 800 });

  await notice.getByRole('button', { name: 'Allow credentials for this certificate' }).click();
  await expect(page.getByText('You allowed credentials')).toBeVisible();
  await command.press('Enter');
  await ui.expectTerminal(/S: 235 2\.7\.0 Authentication successful/);
  await ui.expectTerminal(/C: AUTH PLAIN \*{8}/);
  expect(await page.content()).not.toContain(plainAuthBlob(rig.user.login, rig.user.password));
});
