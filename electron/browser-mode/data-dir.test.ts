import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { resolveDataDir } from './data-dir';

describe('resolveDataDir', () => {
  it('prefers the flag, then the variable', () => {
    const env = { MAILTAP_DATA_DIR: '/var/tmp/env', XDG_CONFIG_HOME: '/xdg' };
    expect(resolveDataDir('/tmp/flag', env, '/home/a')).toBe('/tmp/flag');
    expect(resolveDataDir(undefined, env, '/home/a')).toBe('/var/tmp/env');
  });

  it('uses the XDG configuration folder', () => {
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: '/xdg' }, '/home/a')).toBe('/xdg/mailtap');
    expect(resolveDataDir(undefined, {}, '/home/a')).toBe('/home/a/.config/mailtap');
  });

  it('ignores a relative XDG_CONFIG_HOME', () => {
    expect(resolveDataDir(undefined, { XDG_CONFIG_HOME: 'relative' }, '/home/a')).toBe(
      '/home/a/.config/mailtap',
    );
  });

  it('makes a relative flag absolute', () => {
    expect(resolveDataDir('data', {}, '/home/a')).toBe(path.resolve('data'));
  });
});
