import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';

import {
  REQUEST_CHANNELS,
  type Disposer,
  type EventChannel,
  type EventMap,
} from '../shared/ipc/contract';
import { makeError } from '../shared/errors';
import { createDispatcher } from './engine/dispatch';
import type { EngineServices } from './engine/feature-handlers';
import type { Logger } from './engine/logger';
import type { SessionHub } from './engine/session-hub';
import { isTrustedSender } from './sender-policy';

/**
 * Registers one `ipcMain.handle` per contract channel and routes engine events to the window
 * that opened each session. Requests from untrusted frames are rejected and logged; a window's
 * sessions close with it. Returns a function that undoes all of it.
 */
export function setupIpc(hub: SessionHub, logger: Logger, services: EngineServices = {}): Disposer {
  const dispatch = createDispatcher(hub, logger, services);
  const owners = new Map<string, WebContents>();

  const forward = <C extends EventChannel>(channel: C, payload: EventMap[C]): void => {
    const owner = owners.get(payload.sessionId);
    if (owner !== undefined && !owner.isDestroyed()) {
      owner.send(channel, payload);
    }
  };
  const stopOutput = hub.onOutput((batch) => forward('session:output', batch));
  const stopState = hub.onState((snapshot) => forward('session:state', snapshot));

  const watchedContents = new WeakSet<WebContents>();
  const closeSessionsOf = (contents: WebContents): void => {
    for (const [sessionId, owner] of owners) {
      if (owner === contents) {
        owners.delete(sessionId);
        hub.close(sessionId);
      }
    }
  };

  for (const channel of REQUEST_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, params: unknown) => {
      const frame = event.senderFrame;
      const verdict = isTrustedSender({
        url: frame?.url,
        isMainFrame: frame !== null && frame === event.sender.mainFrame,
      });
      if (!verdict.trusted) {
        logger.warn('ipc request rejected', { channel, reason: verdict.reason });
        return {
          ok: false,
          error: makeError('INVALID_REQUEST', { detail: `Rejected because ${verdict.reason}.` }),
        };
      }
      const contents = event.sender;
      if (!watchedContents.has(contents)) {
        watchedContents.add(contents);
        contents.once('destroyed', () => closeSessionsOf(contents));
        contents.on('did-start-navigation', (details) => {
          // A reload starts a page that does not know the old sessions.
          if (details.isMainFrame && !details.isSameDocument) {
            closeSessionsOf(contents);
          }
        });
      }
      const sessionId = (params as { sessionId?: unknown } | null)?.sessionId;
      if (
        typeof sessionId === 'string' &&
        owners.get(sessionId) !== contents &&
        channel !== 'session:open'
      ) {
        return {
          ok: false,
          error: makeError('SESSION_NOT_FOUND', { detail: `Session id: ${sessionId}.` }),
        };
      }
      const envelope = await dispatch(channel, params, {
        onSessionCreated: (createdId) => owners.set(createdId, contents),
      });
      if (channel === 'session:close' && typeof sessionId === 'string') {
        owners.delete(sessionId);
      }
      return envelope;
    });
  }

  return () => {
    for (const channel of REQUEST_CHANNELS) {
      ipcMain.removeHandler(channel);
    }
    stopOutput();
    stopState();
  };
}
