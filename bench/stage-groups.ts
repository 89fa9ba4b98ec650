/** Assigns the source files of a CPU profile to the stages of the data path they belong to. */

/** Stages of the page, in the order the data passes through them. */
export const PAGE_STAGES = [
  'frame decoding and message checks',
  'formatter',
  'output router and terminal wrapper',
  'xterm.js parsing and buffer',
  'xterm.js rendering and viewport',
  'xterm.js events and scroll bar',
  'browser native work (style, layout, paint, WebSocket)',
  'garbage collection',
  'React and the rest of the UI',
  'idle',
] as const;

/** Stages of the Node process that hosts the engine and browser mode's server. */
export const NODE_STAGES = [
  'engine: session, transcript, protocol driver',
  'engine: output batching',
  'WebSocket frame encoding and requests',
  'ws library',
  'Node sockets, TLS and streams',
  'garbage collection',
  'benchmark harness (Playwright client)',
  'idle',
] as const;

/** DOM calls that xterm.js's DOM renderer makes, which a profile lists without a script. */
const RENDERER_NATIVE_CALLS = new Set([
  '(replaceChildren)',
  '(createElement)',
  '(requestAnimationFrame)',
  '(appendChild)',
  '(setAttribute)',
]);

export function pageStageOf(source: string): string {
  if (source === '(idle)') return 'idle';
  if (source === '(garbage collector)') return 'garbage collection';
  if (source === '(program)') return 'browser native work (style, layout, paint, WebSocket)';
  if (source.startsWith('shared/display/')) return 'formatter';
  if (source === 'shared/ipc/wire.ts' || source.startsWith('renderer/src/api/')) {
    return 'frame decoding and message checks';
  }
  if (source.startsWith('renderer/src/terminal/')) return 'output router and terminal wrapper';
  if (source.startsWith('xterm:src/common/')) return 'xterm.js parsing and buffer';
  if (source.startsWith('xterm:src/browser/') || RENDERER_NATIVE_CALLS.has(source)) {
    return 'xterm.js rendering and viewport';
  }
  if (source.startsWith('xterm:')) return 'xterm.js events and scroll bar';
  return 'React and the rest of the UI';
}

export function nodeStageOf(source: string): string {
  if (source === '(idle)') return 'idle';
  if (source === '(garbage collector)') return 'garbage collection';
  if (source === 'electron/engine/output-batcher.ts') return 'engine: output batching';
  if (source.startsWith('electron/engine/')) return 'engine: session, transcript, protocol driver';
  if (source === 'shared/ipc/wire.ts' || source.startsWith('electron/browser-mode/')) {
    return 'WebSocket frame encoding and requests';
  }
  if (source.includes('node_modules/ws/')) return 'ws library';
  if (source.includes('playwright') || source.startsWith('bench/')) {
    return 'benchmark harness (Playwright client)';
  }
  if (source.startsWith('shared/')) return 'engine: session, transcript, protocol driver';
  return 'Node sockets, TLS and streams';
}
