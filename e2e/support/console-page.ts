import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import { expect, test as base, type Page } from '@playwright/test';

import type { MailRigInfo } from '../rig/index';
import { readEnvironment, type E2eEnvironment } from './environment';

export const ARTIFACTS_DIR = path.resolve('artifacts');

export interface ConnectSettings {
  readonly host: string;
  readonly port: number;
  /** The visible label of a preset, e.g. `IMAP (143)`. */
  readonly protocol: string;
  /** `Plain`, `Implicit TLS` or `STARTTLS`. */
  readonly security: string;
  readonly caFile?: string;
}

/** Drives the Mailtap console the way a person does: by labels, roles and the keyboard. */
export class ConsolePage {
  constructor(
    readonly page: Page,
    readonly serveUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(this.serveUrl);
    await expect(
      this.page.getByRole('heading', { name: 'Connect to a mail server' }),
    ).toBeVisible();
  }

  async connect(settings: ConnectSettings): Promise<void> {
    const page = this.page;
    await page.getByLabel('Protocol').selectOption({ label: settings.protocol });
    await page.getByLabel('Host').fill(settings.host);
    await page.getByLabel('Port').fill(String(settings.port));
    await page.getByLabel('Security').selectOption({ label: settings.security });
    if (settings.caFile !== undefined) {
      await this.openAdvanced();
      await page.getByLabel('CA file').fill(settings.caFile);
    }
    await page.getByRole('button', { name: 'Connect' }).click();
  }

  /**
   * Opens the form's Advanced section unless it is open, which it is by itself when it keeps
   * values from the last connection.
   */
  async openAdvanced(): Promise<void> {
    const advanced = this.page.locator('details.advanced');
    if (!(await advanced.evaluate((node) => (node as HTMLDetailsElement).open))) {
      await advanced.locator('summary').click();
    }
  }

  status() {
    return this.page.getByRole('status');
  }

  /** The visible rows of the terminal, one string per row. */
  async terminalRows(): Promise<string[]> {
    return this.page.locator('.xterm-rows > div').allTextContents();
  }

  /** Waits until a visible terminal row matches. */
  async expectTerminal(pattern: RegExp): Promise<void> {
    await expect
      .poll(async () => (await this.terminalRows()).join('\n'), {
        message: `terminal shows ${pattern}`,
      })
      .toMatch(pattern);
  }

  /** Types one line into the Command box and sends it with Enter. */
  async send(line: string): Promise<void> {
    const input = this.page.getByLabel('Command');
    await input.fill(line);
    await input.press('Enter');
    await expect(input).toHaveValue('');
  }

  async screenshot(name: string): Promise<void> {
    await mkdir(ARTIFACTS_DIR, { recursive: true });
    await this.page.screenshot({ path: path.join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
  }
}

/** Playwright test with the rig and the console page, skipped with the reason when unavailable. */
export const test = base.extend<{
  environment: E2eEnvironment;
  rig: MailRigInfo;
  console: ConsolePage;
}>({
  // Playwright requires the object pattern here even when no fixture is used.
  // eslint-disable-next-line no-empty-pattern
  environment: async ({}, use) => {
    const environment = readEnvironment();
    test.skip(environment.skipReason !== null, environment.skipReason ?? '');
    await use(environment);
  },
  rig: async ({ environment }, use) => {
    await use(environment.rig!);
  },
  console: async ({ page, environment }, use) => {
    const consolePage = new ConsolePage(page, environment.serve!.url);
    await consolePage.open();
    await use(consolePage);
  },
});

export { expect };

/** Encodes the SASL PLAIN message (RFC 4616) as UTF-8 base64, as a person would with a helper. */
export function plainAuthBlob(login: string, password: string): string {
  return Buffer.from(`\0${login}\0${password}`, 'utf8').toString('base64');
}

/** Quotes a string for IMAP (RFC 9051 quoted string). */
export function imapQuoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}
