import { existsSync } from 'node:fs';

import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium; tests never download a browser of their own. */
export const DEFAULT_CHROMIUM_PATH = '/usr/bin/chromium';

export function chromiumPath(): string {
  return process.env['MAILTAP_CHROMIUM'] ?? DEFAULT_CHROMIUM_PATH;
}

export function chromiumAvailable(): boolean {
  return existsSync(chromiumPath());
}

/**
 * Launch options for the system Chromium. The background-networking switches keep it from
 * reaching for Google's services, which a closed network refuses; --no-sandbox is needed when
 * the tests run as root, as they must for the mail servers.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  return {
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-features=Translate,MediaRouter',
    ],
  };
}
