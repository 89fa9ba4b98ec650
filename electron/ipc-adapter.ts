import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';

import { REQUEST_CHANNELS, type Disposer } from '../shared/ipc/contract';
import { createDispatcher } from './engine/dispatch';
import type { EngineServices } from './engine/feature-handlers';
import type { Logger } from './engine/logger';
import type { SessionHub } from './engine/session-hub';
import { IpcRouter } from './ipc-router';

/**
 * Registers one `ipcMain.handle` per contract channel and routes engine events to the window
 * that opened each session. Requests from untrusted frames are rejected and logged; a window's
 * sessions close with it. Returns a function that undoes all of it.
 */
export function setupIpc(hub: SessionHub, logger: Logger, services: EngineServices = {}): Disposer {
  const router = new IpcRouter<WebContents>(hub, createDispatcher(hub, logger, services), logger);
  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, params: unknown) =>
      router.handle(channel, event, params),
    );
  }
  return () => {
    for (const channel of REQUEST_CHANNELS) {
      ipcMain.removeHandler(channel);
    }
    router.dispose();
  };
}
