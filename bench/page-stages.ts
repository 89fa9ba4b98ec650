/**
 * Times the renderer's stages in Chromium: bundles bench/page/stages-page.ts with esbuild, loads
 * it into a blank page with xterm's style sheet, and runs it on each input.
 */
import path from 'node:path';

import { chromium } from '@playwright/test';
import { build } from 'esbuild';

import { chromiumLaunchOptions } from '../e2e/support/chromium';
import type { StageInput, StageTimes } from './page/stages-page';

export type { StageInput, StageTimes };

async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.resolve('bench/page/stages-page.ts')],
    bundle: true,
    format: 'iife',
    target: 'chrome120',
    minify: true,
    write: false,
    logLevel: 'warning',
  });
  return result.outputFiles[0]!.text;
}

/** Runs the page harness once per input, each in a fresh page, and returns the times in order. */
export async function measurePageStages(inputs: readonly StageInput[]): Promise<StageTimes[]> {
  const script = await bundlePage();
  const browser = await chromium.launch(chromiumLaunchOptions());
  try {
    const results: StageTimes[] = [];
    for (const input of inputs) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.setContent('<!doctype html><html><body></body></html>');
      await page.addStyleTag({ path: path.resolve('node_modules/@xterm/xterm/css/xterm.css') });
      await page.addScriptTag({ content: script });
      results.push(
        await page.evaluate(
          (stageInput) =>
            (
              window as unknown as { measureStages(input: StageInput): Promise<StageTimes> }
            ).measureStages(stageInput),
          input,
        ),
      );
      await page.close();
    }
    return results;
  } finally {
    await browser.close();
  }
}
