import type { Disposer } from '../../../shared/ipc/contract';

/**
 * - `connecting`: the WebSocket to the engine is opening, and requests wait for it.
 * - `open`: requests and events flow.
 * - `closed`: the link is gone for good, because a restarted engine has a new access token.
 */
export type EngineLinkState = 'connecting' | 'open' | 'closed';

/** The state of browser mode's link to the engine. Electron's IPC has no such link. */
export interface EngineLink {
  readonly state: EngineLinkState;
  /** False when the link closed before it ever opened: the engine was never reached. */
  readonly everOpened: boolean;
  /** The WebSocket close code and reason, once closed. */
  readonly closeDetail: string | null;
  onStateChange(listener: (state: EngineLinkState) => void): Disposer;
}
