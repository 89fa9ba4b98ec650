import { linkConfirmationText, openableHref } from '../shared/links/openable-link';
import type { Logger } from './engine/logger';
import { APP_ORIGIN } from './sender-policy';

/** An event Electron lets a handler cancel. */
export interface PreventableEvent {
  preventDefault(): void;
}

/** The part of Electron's WebContents the policy configures; tests pass a fake. */
export interface PolicyContents {
  on(
    event: 'will-navigate' | 'will-redirect' | 'will-attach-webview' | 'will-frame-navigate',
    listener: (event: PreventableEvent) => void,
  ): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Functions the main process uses to confirm and open a link; main.ts passes dialog and shell. */
export interface ExternalLinks {
  /** Asks with a dialog that shows `message`; resolves true when the user chose to open. */
  readonly confirm: (message: string) => Promise<boolean>;
  readonly openExternal: (href: string) => Promise<void>;
}

/**
 * Opens a link in the user's browser after a dialog of the main process showed its exact address
 * and the user agreed. Anything but http and https is refused before the question.
 */
export async function openExternalLink(
  url: string,
  links: ExternalLinks,
  logger: Logger,
): Promise<'opened' | 'declined' | 'rejected'> {
  const href = openableHref(url, (value) => new URL(value));
  if (href === null) {
    logger.warn('link refused', { reason: 'not an http or https address without credentials' });
    return 'rejected';
  }
  if (!(await links.confirm(linkConfirmationText(href)))) {
    return 'declined';
  }
  await links.openExternal(href);
  return 'opened';
}

/**
 * Locks down one WebContents: it never navigates, redirects, embeds a webview or opens a window.
 * A `window.open` of an http or https address becomes a question of the main process and, if
 * the user agrees, a page in the user's browser, outside the app.
 */
export function hardenWebContents(
  contents: PolicyContents,
  links: ExternalLinks,
  logger: Logger,
): void {
  const deny = (event: PreventableEvent): void => event.preventDefault();
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-frame-navigate', deny);
  contents.on('will-attach-webview', deny);
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalLink(url, links, logger).catch((error: unknown) => {
      logger.error('opening a link failed', { error: String(error) });
    });
    return { action: 'deny' };
  });
}

/**
 * Decides a permission request or check. Writing plain text to the clipboard is the one
 * permission the console uses, for its Copy buttons, and only its own page may use it. Reading
 * the clipboard, notifications, media, geolocation and every other permission are denied.
 */
export function isPermissionAllowed(permission: string, origin: string): boolean {
  return permission === 'clipboard-sanitized-write' && origin === APP_ORIGIN;
}

/** USB, serial and HID devices are never offered to the page. */
export function denyDevicePermission(): boolean {
  return false;
}
