import { describe, expect, it } from 'vitest';

import { silentLogger } from './engine/logger';
import { APP_ORIGIN } from './sender-policy';
import {
  denyDevicePermission,
  hardenWebContents,
  isPermissionAllowed,
  openExternalLink,
  type ExternalLinks,
  type PreventableEvent,
} from './web-contents-policy';

class FakeContents {
  readonly listeners = new Map<string, (event: PreventableEvent) => void>();
  openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;

  on(event: string, listener: (event: PreventableEvent) => void): this {
    this.listeners.set(event, listener);
    return this;
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

function fakeLinks(answer: boolean) {
  const asked: string[] = [];
  const opened: string[] = [];
  const links: ExternalLinks = {
    confirm: (message) => {
      asked.push(message);
      return Promise.resolve(answer);
    },
    openExternal: (href) => {
      opened.push(href);
      return Promise.resolve();
    },
  };
  return { links, asked, opened };
}

describe('hardenWebContents', () => {
  it.each([['will-navigate'], ['will-redirect'], ['will-frame-navigate'], ['will-attach-webview']])(
    'cancels %s',
    (name) => {
      const contents = new FakeContents();
      hardenWebContents(contents, fakeLinks(true).links, silentLogger);
      let prevented = false;
      contents.listeners.get(name)!({ preventDefault: () => (prevented = true) });
      expect(prevented).toBe(true);
    },
  );

  it('opens no window, and hands an https address to the confirmed external opener', async () => {
    const contents = new FakeContents();
    const { links, asked, opened } = fakeLinks(true);
    hardenWebContents(contents, links, silentLogger);
    expect(contents.openHandler!({ url: 'https://example.com/x' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(asked[0]).toContain('https://example.com/x');
    expect(opened).toEqual(['https://example.com/x']);
  });

  it('opens nothing when the user declines', async () => {
    const contents = new FakeContents();
    const { links, opened } = fakeLinks(false);
    hardenWebContents(contents, links, silentLogger);
    contents.openHandler!({ url: 'https://example.com/' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(opened).toEqual([]);
  });
});

describe('openExternalLink', () => {
  it.each([
    ['file:///etc/passwd'],
    ['javascript:alert(1)'],
    ['smb://attacker.example/share'],
    ['https://bank.example@evil.example/'],
  ])('never asks about or opens %s', async (url) => {
    const { links, asked, opened } = fakeLinks(true);
    expect(await openExternalLink(url, links, silentLogger)).toBe('rejected');
    expect(asked).toEqual([]);
    expect(opened).toEqual([]);
  });
});

describe('isPermissionAllowed', () => {
  it('lets only the app page write plain text to the clipboard', () => {
    expect(isPermissionAllowed('clipboard-sanitized-write', APP_ORIGIN)).toBe(true);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(isPermissionAllowed('clipboard-sanitized-write', 'null')).toBe(false);
  });

  it.each([
    ['clipboard-read'],
    ['notifications'],
    ['media'],
    ['geolocation'],
    ['openExternal'],
    ['fullscreen'],
  ])('refuses %s even to the app page', (permission) => {
    expect(isPermissionAllowed(permission, APP_ORIGIN)).toBe(false);
  });

  it('offers no device', () => {
    expect(denyDevicePermission()).toBe(false);
  });
});
