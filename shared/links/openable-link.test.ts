import { describe, expect, it } from 'vitest';

import { linkConfirmationText, openableHref } from './openable-link';

const parse = (text: string) => new URL(text);

describe('openableHref', () => {
  it.each([
    [
      'https://support.example.com/mail/?p=NotAuthorizedError',
      'https://support.example.com/mail/?p=NotAuthorizedError',
    ],
    ['http://127.0.0.1:8080/landing', 'http://127.0.0.1:8080/landing'],
    ['HTTPS://EXAMPLE.COM', 'https://example.com/'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example/'],
  ])('opens %s as %s', (text, href) => {
    expect(openableHref(text, parse)).toBe(href);
  });

  it.each([
    ['file:///etc/passwd'],
    ['javascript:alert(document.cookie)'],
    ['JaVaScRiPt:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['mailto:postmaster@example.com'],
    ['ftp://example.com/'],
    ['vbscript:msgbox'],
    ['https://bank.example@evil.example/'],
    ['https://user:secret@example.com/'],
    ['not a url'],
    [''],
  ])('never opens %s', (text) => {
    expect(openableHref(text, parse)).toBeNull();
  });
});

describe('linkConfirmationText', () => {
  it('shows the exact address', () => {
    expect(linkConfirmationText('https://xn--bcher-kva.example/')).toContain(
      '\n\nhttps://xn--bcher-kva.example/\n\n',
    );
  });
});
