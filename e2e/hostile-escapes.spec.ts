import { startFakeServer, type FakeServer } from '../electron/engine/test-support/fake-server';
import { expect, test } from './support/console-page';

let server: FakeServer | null = null;

test.afterEach(async () => {
  await server?.close();
  server = null;
});

test('server escape sequences stay inert in the terminal', async ({ console: ui, page }) => {
  // Title change, screen clear, OSC 52 clipboard write, device-attribute and cursor-position
  // requests, a raw C1 CSI and its UTF-8 form: each would act on a real terminal or make it answer.
  const hostile = [
    '220-\x1b]0;root@prod TLS VERIFIED\x07 title',
    '220-\x1b[2J\x1b[H cleared',
    '220-\x1b]52;c;ZWNobyBwd25lZA==\x07 clipboard',
    '220-\x1b[c\x1b[6n\x1b[>0c reports',
    '220-\x9b31m raw C1',
    '220 \xc2\x9b31m UTF-8 C1',
  ].join('\r\n');
  server = await startFakeServer((socket) => socket.write(Buffer.from(`${hostile}\r\n`, 'latin1')));
  const titleBefore = await page.title();

  await ui.connect({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'SMTP (25)',
    security: 'Plain',
  });
  await ui.expectTerminal(/S: 220-\^\[\]0;root@prod TLS VERIFIED\^G title/);
  await ui.expectTerminal(/S: 220-\^\[\[2J\^\[\[H cleared/);
  await ui.expectTerminal(/S: 220-\^\[\]52;c;ZWNobyBwd25lZA==\^G clipboard/);
  await ui.expectTerminal(/S: 220-\^\[\[c\^\[\[6n\^\[\[>0c reports/);
  await ui.expectTerminal(/S: 220-<9B>31m raw C1/);
  await ui.expectTerminal(/S: 220 <U\+009B>31m UTF-8 C1/);

  expect(await page.title()).toBe(titleBefore);
  // The terminal answered none of the requests: the server has received nothing at all.
  await ui.send('NOOP');
  await expect.poll(() => server!.received[0]?.toString('latin1')).toBe('NOOP\r\n');
  await ui.screenshot('hostile-escapes');
});
