import { describe, expect, it } from 'vitest';

import { computeCramMd5 } from './cram-md5-calculator';

describe('computeCramMd5', () => {
  it('gives every step of the RFC 2195 example', () => {
    const challenge = Buffer.from('<1896.697170952@postoffice.reston.mci.net>').toString('base64');
    const result = computeCramMd5(challenge, 'tim', 'tanstaaftanstaaf');

    expect(result.challengeText).toBe('<1896.697170952@postoffice.reston.mci.net>');
    expect(result.digestHex).toBe('b913a602c7eda7a495b4e6e7334d3890');
    expect(result.responseText).toBe('tim b913a602c7eda7a495b4e6e7334d3890');
    expect(result.responseBase64).toBe('dGltIGI5MTNhNjAyYzdlZGE3YTQ5NWI0ZTZlNzMzNGQzODkw');
  });

  it('shows control bytes of a challenge as escapes', () => {
    const challenge = Buffer.from('<1.2@x>\u0007\n').toString('base64');
    const text = computeCramMd5(challenge, 'tim', 'secret').challengeText;
    expect(text).not.toContain('\u0007');
    expect(text).not.toContain('\n');
    expect(text.startsWith('<1.2@x>')).toBe(true);
  });
});
