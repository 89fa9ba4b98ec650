import { describe, expect, it } from 'vitest';

import { isTrustedSender } from './sender-policy';

describe('isTrustedSender', () => {
  it('trusts the main frame of the app origin', () => {
    expect(isTrustedSender({ url: 'app://mailtap/index.html', isMainFrame: true })).toEqual({
      trusted: true,
    });
  });

  it.each([
    ['a subframe of the app', 'app://mailtap/index.html', false],
    ['a frame that navigated away', undefined, true],
    ['another origin', 'https://evil.example/', true],
    ['a file URL', 'file:///tmp/index.html', true],
    ['another app host', 'app://other/index.html', true],
    ['an invalid URL', 'not a url', true],
  ])('rejects %s', (_name, url, isMainFrame) => {
    const verdict = isTrustedSender({ url, isMainFrame });
    expect(verdict.trusted).toBe(false);
  });
});
