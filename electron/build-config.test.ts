import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

interface BuilderConfig {
  electronFuses: Record<string, boolean>;
  asar: boolean;
}

const config = JSON.parse(
  readFileSync(new URL('../build/electron-builder.json', import.meta.url), 'utf8'),
) as BuilderConfig;

describe('electron-builder configuration', () => {
  it('turns off the fuses that let others run code in the app', () => {
    expect(config.electronFuses['runAsNode']).toBe(false);
    expect(config.electronFuses['enableNodeOptionsEnvironmentVariable']).toBe(false);
    expect(config.electronFuses['enableNodeCliInspectArguments']).toBe(false);
    expect(config.electronFuses['grantFileProtocolExtraPrivileges']).toBe(false);
  });

  it('loads the app only from a validated asar', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses['onlyLoadAppFromAsar']).toBe(true);
    expect(config.electronFuses['enableEmbeddedAsarIntegrityValidation']).toBe(true);
  });
});
