import { waitForMaildirMessage } from './rig/index';
import { expect, plainAuthBlob, test } from './support/console-page';

test('submission with STARTTLS typed by hand delivers a message', async ({
  console: ui,
  rig,
  page,
}) => {
  const subject = `Mailtap end-to-end ${Date.now()}`;
  await ui.connect({
    host: rig.host,
    port: rig.ports.submission,
    protocol: 'Submission (587)',
    security: 'Plain',
    caFile: rig.caFile,
  });
  await ui.expectTerminal(/S: 220 /);

  await ui.send('EHLO client.mailtap.test');
  await ui.expectTerminal(/S: 250 .*|S: 250-STARTTLS/);
  await ui.send('STARTTLS');
  await expect(ui.status()).toContainText('TLSv1.3');
  await expect(ui.status()).toContainText('verified');

  await ui.send('EHLO client.mailtap.test');
  await ui.expectTerminal(/S: 250-AUTH PLAIN LOGIN/);
  await ui.send(`AUTH PLAIN ${plainAuthBlob(rig.user.login, rig.user.password)}`);
  await ui.expectTerminal(/S: 235 2\.7\.0 Authentication successful/);
  await ui.send(`MAIL FROM:<${rig.user.address}>`);
  await ui.expectTerminal(/S: 250 2\.1\.0 Ok/);
  await ui.send(`RCPT TO:<${rig.user.address}>`);
  await ui.expectTerminal(/S: 250 2\.1\.5 Ok/);
  await ui.send('DATA');
  await ui.expectTerminal(/S: 354 /);
  for (const line of [`Subject: ${subject}`, '', 'Typed in the Mailtap console.', '.']) {
    await ui.send(line);
  }
  await ui.expectTerminal(/S: 250 2\.0\.0 Ok: queued as/);

  const message = await waitForMaildirMessage(rig.maildir, (text) => text.includes(subject));
  expect(message).toContain('Typed in the Mailtap console.');
  await ui.expectTerminal(/C: AUTH PLAIN \*{8}/);
  expect(await page.content()).not.toContain(plainAuthBlob(rig.user.login, rig.user.password));
  await ui.screenshot('smtp-submission-message');
  await ui.send('QUIT');
  await expect(ui.status()).toContainText('Closed');
});
