import { describe, expect, it } from 'vitest';

import { activateLink, type LinkEnvironment } from './link-opener';

function environment(answer: boolean, mainProcessConfirms = false) {
  const asked: string[] = [];
  const opened: string[] = [];
  const value: LinkEnvironment = {
    confirm: (message) => {
      asked.push(message);
      return answer;
    },
    open: (href) => opened.push(href),
    mainProcessConfirms,
  };
  return { value, asked, opened };
}

describe('activateLink', () => {
  it('opens an https link after the user confirmed its exact address', () => {
    const env = environment(true);
    expect(activateLink('https://bücher.example/a?b=1', env.value)).toBe('opened');
    expect(env.asked[0]).toContain('https://xn--bcher-kva.example/a?b=1');
    expect(env.opened).toEqual(['https://xn--bcher-kva.example/a?b=1']);
  });

  it('opens nothing when the user declines', () => {
    const env = environment(false);
    expect(activateLink('https://example.com/', env.value)).toBe('declined');
    expect(env.opened).toEqual([]);
  });

  it.each([['file:///etc/passwd'], ['javascript:alert(1)'], ['https://a@evil.example/']])(
    'neither asks nor opens %s',
    (text) => {
      const env = environment(true);
      expect(activateLink(text, env.value)).toBe('rejected');
      expect(env.asked).toEqual([]);
      expect(env.opened).toEqual([]);
    },
  );

  it('leaves the question to the main process under Electron', () => {
    const env = environment(false, true);
    expect(activateLink('https://example.com/', env.value)).toBe('opened');
    expect(env.asked).toEqual([]);
  });
});
