import type { Locator } from '@playwright/test';

import type { FakeServer } from '../electron/engine/test-support/fake-server';
import { expect, test, type ConsolePage } from './support/console-page';
import { connectToFake, startFakeSmtp } from './support/fake-servers';

const TAB_COUNT = 7;
/** Emoji and other pictographs, which many Linux fonts lack and draw as boxes. */
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

let servers: FakeServer[] = [];

test.afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

async function openSmtp(ui: ConsolePage, server: FakeServer): Promise<void> {
  await connectToFake(ui, server);
  await expect(ui.status()).toContainText('Connected');
}

/** Fails unless `inner` lies horizontally within `outer` on screen. */
async function expectInside(inner: Locator, outer: Locator): Promise<void> {
  const innerBox = (await inner.boundingBox())!;
  const outerBox = (await outer.boundingBox())!;
  expect(innerBox.x).toBeGreaterThanOrEqual(outerBox.x - 1);
  expect(innerBox.x + innerBox.width).toBeLessThanOrEqual(outerBox.x + outerBox.width + 1);
}

test('seven tabs keep the current one in view', async ({ console: ui, page }) => {
  const server = await startFakeSmtp();
  servers.push(server);
  const strip = page.getByRole('navigation', { name: 'Sessions' });
  const newTab = page.getByRole('tab', { name: '+ New connection' });
  for (let index = 1; index <= TAB_COUNT; index++) {
    if (index > 1) {
      await newTab.click();
    }
    await openSmtp(ui, server);
  }

  const base = `127.0.0.1:${server.port} SMTP`;
  const tabs = page.getByRole('tablist', { name: 'Sessions' }).getByRole('tab');
  await expect(tabs).toHaveText([
    ...Array.from({ length: TAB_COUNT }, (_, index) => new RegExp(`${base} #${index + 1}`)),
    /New connection/,
  ]);
  await expectInside(page.getByRole('tab', { name: `${base} #${TAB_COUNT}` }), strip);
  await expectInside(newTab, strip);
  await ui.screenshot('seven-tabs-1280');

  await page.getByRole('tab', { name: `${base} #1` }).click();
  await expectInside(page.getByRole('tab', { name: `${base} #1` }), strip);
  await expect(page.getByRole('heading', { name: `${base} #1` })).toBeVisible();

  // In a narrow window the last tab, once selected, ends before the sticky new-connection tab.
  await page.setViewportSize({ width: 1024, height: 700 });
  const last = page.getByRole('tab', { name: `${base} #${TAB_COUNT}` });
  await last.click();
  await expect(page.getByRole('heading', { name: `${base} #${TAB_COUNT}` })).toBeVisible();
  await expect
    .poll(async () => {
      const lastChip = (await last.locator('..').boundingBox())!;
      const newBox = (await newTab.boundingBox())!;
      return newBox.x - (lastChip.x + lastChip.width);
    })
    .toBeGreaterThanOrEqual(0);
  await expectInside(last, strip);
  await ui.screenshot('seven-tabs-1024');
});

test('the sidebar narrows, folds and keeps its tabs readable', async ({ console: ui, page }) => {
  const server = await startFakeSmtp();
  servers.push(server);
  await openSmtp(ui, server);
  const sidebar = page.getByRole('complementary', { name: 'Session details' });
  const sidebarTabs = sidebar.getByRole('tab');

  for (const width of [1280, 800]) {
    await page.setViewportSize({ width, height: 800 });
    const box = (await sidebar.boundingBox())!;
    expect(box.width).toBeLessThan(width * 0.4);
    // Every label fits its cell: nothing is cut off with an ellipsis.
    const clipped = await sidebarTabs.evaluateAll((buttons) =>
      buttons.filter((button) => button.scrollWidth > button.clientWidth).map((b) => b.textContent),
    );
    expect(clipped).toEqual([]);
    await ui.screenshot(`sidebar-tabs-${width}`);
  }

  const main = page.locator('.session-main');
  const narrow = (await main.boundingBox())!.width;
  await page.getByRole('button', { name: 'Hide sidebar' }).click();
  await expect(sidebar).toBeHidden();
  expect((await main.boundingBox())!.width).toBeGreaterThan(narrow + 200);
  await ui.screenshot('sidebar-hidden-800');
  await page.getByRole('button', { name: 'Show sidebar' }).click();
  await expect(sidebar).toBeVisible();

  // The arrow keys move between the sidebar tabs.
  await sidebar.getByRole('tab', { name: 'Session' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(sidebar.getByRole('tab', { name: 'Transcript' })).toHaveAttribute(
    'aria-selected',
    'true',
  );
  await expect(sidebar.getByRole('tab', { name: 'Transcript' })).toBeFocused();
});

test('no view of the console shows a pictograph', async ({ console: ui, page }) => {
  expect(await page.locator('body').innerText()).not.toMatch(PICTOGRAPH);
  const server = await startFakeSmtp();
  servers.push(server);
  await openSmtp(ui, server);
  const sidebarTabs = page.getByRole('complementary', { name: 'Session details' }).getByRole('tab');
  for (const label of await sidebarTabs.allTextContents()) {
    await sidebarTabs.filter({ hasText: label }).first().click();
    const text = await page.locator('body').innerText();
    expect(text, `the ${label} tab`).not.toMatch(PICTOGRAPH);
  }
});

test('the Auth tab keeps its fields per session', async ({ console: ui, page }) => {
  const first = await startFakeSmtp(['AUTH PLAIN LOGIN']);
  const second = await startFakeSmtp();
  servers.push(first, second);
  await openSmtp(ui, first);

  await page.getByRole('tab', { name: 'Auth' }).click();
  await page.getByLabel('Method').selectOption({ label: 'AUTH LOGIN' });
  await page.getByLabel('User name', { exact: true }).fill('alice@example.test');
  await page.getByLabel('Password', { exact: true }).fill('s3cret');
  await page.getByRole('tab', { name: 'Session', exact: true }).click();
  await page.getByRole('tab', { name: 'Auth' }).click();

  await expect(page.getByLabel('Method')).toHaveValue('sasl:LOGIN');
  await expect(page.getByLabel('User name', { exact: true })).toHaveValue('alice@example.test');
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

  await page.getByRole('tab', { name: '+ New connection' }).click();
  await openSmtp(ui, second);
  await page.getByRole('tab', { name: 'Auth' }).click();
  await expect(page.getByLabel('User name', { exact: true })).toHaveValue('');
  await page.getByRole('tab', { name: `127.0.0.1:${first.port} SMTP` }).click();
  await expect(page.getByLabel('User name', { exact: true })).toHaveValue('alice@example.test');
});

test('hex and byte views mark a masked line', async ({ console: ui, page }) => {
  const server = await startFakeSmtp(['AUTH PLAIN']);
  servers.push(server);
  await openSmtp(ui, server);
  await ui.send('AUTH PLAIN AGFsaWNlAHMzY3JldA==');
  await ui.expectTerminal(/S: 235 2\.7\.0/);

  await page.getByRole('radio', { name: 'Hex' }).check();
  const hex = page.getByRole('region', { name: /Hex dump/ });
  await expect(hex).toContainText('write of a masked line');
  await expect(hex).not.toContainText('write 21 bytes');
  await ui.screenshot('hex-masked-line');

  await page.getByRole('radio', { name: 'Bytes' }).check();
  await expect(page.getByRole('region', { name: 'Exact bytes' })).toContainText(
    'C (masked): AUTH PLAIN ********\\r\\n',
  );
});
