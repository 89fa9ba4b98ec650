import { readFile } from 'node:fs/promises';

import { expect, imapQuoted, plainAuthBlob, test } from './support/console-page';

test('two tabs talk to Postfix and Dovecot at once and keep apart', async ({
  console: ui,
  rig,
  page,
}) => {
  const smtpTab = page.getByRole('tab', { name: `${rig.host}:${rig.ports.submission} SMTP` });
  const imapTab = page.getByRole('tab', { name: `${rig.host}:${rig.ports.imap} IMAP` });

  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');

  await page.getByRole('tab', { name: '+ New connection' }).click();
  await ui.connect({
    host: rig.host,
    port: rig.ports.imap,
    protocol: 'IMAP (143)',
    security: 'STARTTLS',
    caFile: rig.caFile,
  });
  await expect(ui.status()).toContainText('verified');
  await expect(imapTab).toHaveAttribute('aria-selected', 'true');

  // Both sessions are open at the same time; each tab shows its own terminal and state.
  await ui.send(`a1 LOGIN ${imapQuoted(rig.user.login)} ${imapQuoted(rig.user.password)}`);
  await ui.expectTerminal(/S: a1 OK/);
  await smtpTab.click();
  await expect(ui.status()).toContainText(`${rig.ports.submission}`);
  await ui.send(`AUTH PLAIN ${plainAuthBlob(rig.user.login, rig.user.password)}`);
  await ui.expectTerminal(/S: 235 2\.7\.0/);
  expect((await ui.terminalRows()).join('\n')).not.toContain('a1 OK');
  await imapTab.click();
  await ui.send('a2 SELECT INBOX');
  await ui.expectTerminal(/S: a2 OK \[READ-WRITE\]/);
  await ui.screenshot('two-tabs-imap');

  // Closing the IMAP tab ends its session; the SMTP tab goes on working.
  await page.getByRole('button', { name: `Close ${rig.host}:${rig.ports.imap} IMAP` }).click();
  await expect(imapTab).toHaveCount(0);
  await smtpTab.click();
  await ui.send('NOOP');
  await ui.expectTerminal(/S: 250 2\.0\.0 Ok/);
});

test('byte view shows a bare LF and the export hides the password', async ({
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
  await expect(ui.status()).toContainText('verified');
  await ui.send(`auth plain ${plainAuthBlob(rig.user.login, rig.user.password)}`);
  await ui.expectTerminal(/S: 235 2\.7\.0/);

  // A command ending in LF alone, sent with "send exact bytes".
  const exact = page.getByLabel('Send exact bytes');
  await exact.fill('NOOP\\n');
  await exact.press('Enter');
  await expect(exact).toHaveValue('');
  await ui.expectTerminal(/C: NOOP\\n/);

  await page.getByRole('radio', { name: 'Bytes' }).check();
  const bytes = page.getByRole('region', { name: 'Exact bytes' });
  await expect(bytes.locator('.byte-bare-lf')).toHaveCount(1);
  await expect(bytes).toContainText('C (exact): NOOP\\n');
  await expect(bytes).toContainText('S: 235 2.7.0 Authentication successful\\r\\n');
  await page.getByRole('radio', { name: 'Hex' }).check();
  await expect(page.getByRole('region', { name: /Hex dump/ })).toContainText(
    '0000 - 4e 4f 4f 50 0a',
  );
  await ui.screenshot('byte-view-hex');

  // Search and timestamps in the transcript view.
  await page.getByRole('radio', { name: 'Transcript' }).check();
  await page.getByRole('checkbox', { name: 'Timestamps' }).check();
  await expect(page.getByRole('region', { name: 'Transcript' })).toContainText(
    /\d\d:\d\d:\d\d\.\d{3} == TLS started \(after STARTTLS\)/,
  );
  await page.getByRole('radio', { name: 'Terminal' }).check();
  const timestamps = page.getByRole('checkbox', { name: 'Timestamps' });
  await expect(timestamps).toBeDisabled();
  await expect(timestamps).not.toBeChecked();
  await expect(timestamps).toHaveAccessibleDescription(
    'Timestamps show in the Transcript, Bytes and Hex views.',
  );
  await page.getByRole('radio', { name: 'Hex' }).check();
  await expect(timestamps).toBeChecked();
  await page.getByRole('radio', { name: 'Terminal' }).check();
  await page.getByLabel('Search output').fill('235');
  await page.getByRole('button', { name: 'Next match' }).click();
  await expect(page.locator('.terminal-search-count')).toHaveText(/1 of \d+/);

  // Export every format; none holds the password or its base64.
  await page.getByRole('tab', { name: 'Transcript' }).click();
  const secrets = [rig.user.password, plainAuthBlob(rig.user.login, rig.user.password)];
  for (const format of ['Text (c:/s: lines)', 'JSON (exact bytes)', 'HTML page']) {
    await page.getByLabel('Format').selectOption({ label: format });
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save transcript' }).click();
    const content = await readFile(await (await download).path(), 'utf8');
    for (const secret of secrets) {
      expect(content).not.toContain(secret);
    }
    expect(content).toMatch(/auth plain \*{8}/);
  }
});
