/**
 * Attributes the samples of a V8 CPU profile (from Chromium's or Node's `Profiler` domain) to
 * source files. It follows the bundle's source map and, for xterm.js, xterm's own map, so that
 * each stage of the data path shows separately although the bundle is minified.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

/** The parts of a `Profiler.Profile` that the attribution reads. */
export interface CpuProfile {
  readonly nodes: readonly {
    readonly id: number;
    readonly callFrame: {
      readonly functionName: string;
      readonly url: string;
      readonly lineNumber: number;
      readonly columnNumber: number;
    };
  }[];
  readonly samples?: readonly number[];
  readonly timeDeltas?: readonly number[];
}

/** Maps a script URL and a 0-based position to the source file that the code came from. */
export type SourceResolver = (url: string, line: number, column: number) => string;

/** Returns milliseconds of self time per source file (or V8 pseudo-frame such as `(idle)`). */
export function selfTimeBySource(
  profile: CpuProfile,
  resolve: SourceResolver,
): Map<string, number> {
  const sourceOfNode = new Map<number, string>();
  for (const node of profile.nodes) {
    const { url, lineNumber, columnNumber, functionName } = node.callFrame;
    sourceOfNode.set(
      node.id,
      url === ''
        ? `(${functionName.replace(/[()]/g, '') || 'native'})`
        : resolve(url, lineNumber, columnNumber),
    );
  }

  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // A sample's delta is the time since the previous sample, so sample i lasted until i + 1.
  for (let i = 0; i + 1 < samples.length; i++) {
    const source = sourceOfNode.get(samples[i]!) ?? '(unknown)';
    totals.set(source, (totals.get(source) ?? 0) + deltas[i + 1]! / 1000);
  }
  return totals;
}

/**
 * Resolves positions in the renderer bundle through its source map. Positions inside xterm.js
 * (whose prebuilt module the bundle embeds) are resolved once more through xterm's own map.
 */
export function bundleResolver(bundleFile: string, xtermMapFile: string): SourceResolver {
  const bundleMap = new TraceMap(readFileSync(`${bundleFile}.map`, 'utf8'));
  const xtermMap = new TraceMap(readFileSync(xtermMapFile, 'utf8'));
  const bundleName = path.basename(bundleFile);
  return (url, line, column) => {
    if (!url.endsWith(bundleName)) {
      return url;
    }
    const original = originalPositionFor(bundleMap, { line: line + 1, column });
    if (original.source === null) {
      return '(bundle, unmapped)';
    }
    if (!original.source.endsWith('xterm/lib/xterm.mjs')) {
      return original.source.replace(/^(\.\.\/)+/, '');
    }
    const inXterm = originalPositionFor(xtermMap, {
      line: original.line,
      column: original.column,
    });
    return `xterm:${(inXterm.source ?? 'unmapped').replace(/^(\.\.\/)+/, '')}`;
  };
}

/** Resolves positions in Node, where tsx runs the TypeScript files under their own names. */
export function nodeResolver(root: string): SourceResolver {
  return (url) => {
    if (url.startsWith('node:')) {
      return `node:${url.slice('node:'.length).split('/')[1] ?? url}`;
    }
    const file = url.startsWith('file://') ? fileURLToPath(url) : url;
    return path.relative(root, file);
  };
}

/** Sums the self times of the sources that `stageOf` puts in each stage. */
export function groupByStage(
  totals: ReadonlyMap<string, number>,
  stageOf: (source: string) => string,
): Map<string, number> {
  const stages = new Map<string, number>();
  for (const [source, ms] of totals) {
    const stage = stageOf(source);
    stages.set(stage, (stages.get(stage) ?? 0) + ms);
  }
  return new Map([...stages].sort((a, b) => b[1] - a[1]));
}
