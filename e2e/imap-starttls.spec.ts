import { expect, imapQuoted, test } from './support/console-page';

test('IMAP with STARTTLS at connect logs in and selects INBOX', async ({
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

  await expect(ui.status()).toContainText('TLSv1.3');
  await expect(ui.status()).toContainText('verified');
  await ui.expectTerminal(/C: MT1 STARTTLS/);
  await ui.expectTerminal(/S: MT2 OK/);

  await ui.send(`a1 LOGIN ${imapQuoted(rig.user.login)} ${imapQuoted(rig.user.password)}`);
  await ui.expectTerminal(/S: a1 OK/);
  await ui.send('a2 SELECT INBOX');
  await ui.expectTerminal(/S: \* \d+ EXISTS/);
  await ui.expectTerminal(/S: a2 OK \[READ-WRITE\]/);

  // The password is masked in the terminal, and appears nowhere on the page.
  await ui.expectTerminal(/C: a1 LOGIN "alice@mailtap\.test" \*{8}/);
  expect(await page.content()).not.toContain(rig.user.password);
  await ui.screenshot('imap-starttls-login');
});
