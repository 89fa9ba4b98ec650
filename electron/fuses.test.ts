import { readFileSync } from 'node:fs';

import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(
  readFileSync(new URL('../build/electron-builder.json', import.meta.url), 'utf8'),
) as { electronFuses: Record<string, boolean> };

/**
 * Every fuse Electron defines, with the value a console that handles passwords needs: nothing
 * may run the binary as plain Node, inject code through NODE_OPTIONS or --inspect, or load the app
 * from anywhere but its verified asar.
 */
const EXPECTED: Readonly<Record<keyof typeof FuseV1Options, boolean>> = {
  RunAsNode: false,
  EnableCookieEncryption: true,
  EnableNodeOptionsEnvironmentVariable: false,
  EnableNodeCliInspectArguments: false,
  EnableEmbeddedAsarIntegrityValidation: true,
  OnlyLoadAppFromAsar: true,
  LoadBrowserProcessSpecificV8Snapshot: false,
  GrantFileProtocolExtraPrivileges: false,
};

/** electron-builder spells each fuse in camel case: `RunAsNode` as `runAsNode`. */
function builderKey(fuse: string): string {
  return fuse.charAt(0).toLowerCase() + fuse.slice(1);
}

describe('Electron fuses', () => {
  const fuses = Object.keys(FuseV1Options).filter((key) => Number.isNaN(Number(key)));

  it('lists every fuse this @electron/fuses knows', () => {
    expect([...fuses].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('sets %s to %s explicitly', (fuse, value) => {
    expect(config.electronFuses[builderKey(fuse)]).toBe(value);
  });
});
