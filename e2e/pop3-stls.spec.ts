import { expect, test } from './support/console-page';

test('POP3 upgrades with STLS and reads the mailbox size', async ({ console: ui, rig, page }) => {
  await ui.connect({
    host: rig.host,
    port: rig.ports.pop3,
    protocol: 'POP3 (110)',
    security: 'Plain',
    caFile: rig.caFile,
  });
  await ui.expectTerminal(/S: \+OK /);

  await ui.send('STLS');
  await expect(ui.status()).toContainText('verified');
  await ui.send(`USER ${rig.user.login}`);
  await ui.expectTerminal(/S: \+OK\s*$/m);
  await ui.send(`PASS ${rig.user.password}`);
  await ui.expectTerminal(/S: \+OK Logged in\./);
  await ui.send('STAT');
  await ui.expectTerminal(/S: \+OK \d+ \d+/);

  await ui.expectTerminal(/C: PASS \*{8}/);
  expect(await page.content()).not.toContain(rig.user.password);
  await ui.screenshot('pop3-stls-stat');
});
