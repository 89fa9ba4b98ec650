import { describe, expect, it } from 'vitest';

import { mainWindowOptions, RENDERER_CSP } from './window-options';

describe('mainWindowOptions', () => {
  const preferences = mainWindowOptions('/app/preload.cjs').webPreferences!;

  it('isolates and sandboxes the renderer', () => {
    expect(preferences.contextIsolation).toBe(true);
    expect(preferences.sandbox).toBe(true);
    expect(preferences.nodeIntegration).toBe(false);
    expect(preferences.nodeIntegrationInSubFrames).toBe(false);
    expect(preferences.nodeIntegrationInWorker).toBe(false);
    expect(preferences.webviewTag).toBe(false);
    expect(preferences.webSecurity).toBe(true);
    expect(preferences.allowRunningInsecureContent).toBe(false);
    expect(preferences.preload).toBe('/app/preload.cjs');
  });
});

describe('RENDERER_CSP', () => {
  it('allows no network and no foreign scripts', () => {
    expect(RENDERER_CSP).toContain("default-src 'none'");
    expect(RENDERER_CSP).toContain("connect-src 'none'");
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).not.toContain('unsafe-eval');
    expect(RENDERER_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
  });
});
