import type { WebSocket } from 'ws';

import type { Disposer } from '../../shared/ipc/contract';
import { isRequestChannel } from '../../shared/ipc/contract';
import {
  decodeWireMessage,
  encodeWireMessage,
  type EventMessage,
  type ServerMessage,
} from '../../shared/ipc/wire';
import { makeError } from '../../shared/errors';
import type { Dispatcher } from '../engine/dispatch';
import type { Logger } from '../engine/logger';
import type { SessionHub } from '../engine/session-hub';

/** Maximum length, in characters, of a field value from the page that the log quotes. */
const MAX_QUOTED_VALUE = 32;

/**
 * Describes why a frame could not be decoded. JSON.parse quotes up to ten characters of the
 * frame, which could belong to a typed line, so that quote is left out of the log.
 */
function describeDecodeError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return /is not valid JSON$/.test(text) ? text.replace(/"[^"]*"(?:\.\.\.)?/g, '…') : text;
}

/** Returns what makes a decoded message no request, or null when it is one. */
function describeRequestProblem(request: { type?: unknown; id?: unknown } | null): string | null {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) {
    return 'the message is not a JSON object';
  }
  if (request.type !== 'request') {
    const shown = JSON.stringify(request.type) ?? 'missing';
    return `"type" is ${shown.slice(0, MAX_QUOTED_VALUE)}, expected "request"`;
  }
  if (typeof request.id !== 'number') {
    return `"id" is ${typeof request.id === 'undefined' ? 'missing' : `a ${typeof request.id}`}, expected a number`;
  }
  return null;
}

/**
 * Connects one browser page to the hub. The page receives events only of the sessions it opened, and they
 * close when the page goes away, as a window's sessions do in the desktop app.
 */
export function attachClient(
  ws: WebSocket,
  hub: SessionHub,
  dispatch: Dispatcher,
  logger: Logger,
): Disposer {
  const owned = new Set<string>();
  let detached = false;

  const send = (message: ServerMessage): void => {
    if (ws.readyState === ws.OPEN) {
      ws.send(encodeWireMessage(message));
    }
  };
  const forward = (message: EventMessage): void => {
    if (owned.has(message.payload.sessionId)) {
      send(message);
    }
  };
  const stopOutput = hub.onOutput((batch) =>
    forward({ type: 'event', channel: 'session:output', payload: batch }),
  );
  const stopState = hub.onState((snapshot) =>
    forward({ type: 'event', channel: 'session:state', payload: snapshot }),
  );

  ws.on('message', (data: Buffer, isBinary) => {
    void handleMessage(
      isBinary
        ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        : data.toString('utf8'),
    );
  });

  async function handleMessage(frame: string | Uint8Array): Promise<void> {
    let message: unknown;
    let problem: string | null = null;
    try {
      message = decodeWireMessage(frame);
    } catch (error) {
      message = null;
      problem = describeDecodeError(error);
    }

    const request = message as {
      type?: unknown;
      id?: unknown;
      channel?: unknown;
      params?: unknown;
    } | null;
    problem ??= describeRequestProblem(request);
    if (problem !== null || request === null || typeof request.id !== 'number') {
      const kind = typeof frame === 'string' ? 'text' : 'binary';
      logger.warn('malformed websocket message', {
        reason: problem ?? 'not a request',
        frame: `${kind}, ${frame.length} ${kind === 'text' ? 'characters' : 'bytes'}`,
      });
      ws.close(1003, 'Malformed message');
      return;
    }
    const id = request.id;
    if (!isRequestChannel(request.channel)) {
      send({
        type: 'response',
        id,
        envelope: {
          ok: false,
          error: makeError('INVALID_REQUEST', { detail: 'Unknown channel.' }),
        },
      });
      return;
    }
    const sessionId = (request.params as { sessionId?: unknown } | null)?.sessionId;
    if (
      request.channel !== 'session:open' &&
      typeof sessionId === 'string' &&
      !owned.has(sessionId)
    ) {
      send({
        type: 'response',
        id,
        envelope: {
          ok: false,
          error: makeError('SESSION_NOT_FOUND', { detail: `Session id: ${sessionId}.` }),
        },
      });
      return;
    }
    const envelope = await dispatch(request.channel, request.params, {
      onSessionCreated: (createdId) => {
        if (detached) {
          // The page left while the session was being created, so no page can use it.
          queueMicrotask(() => hub.close(createdId));
          return;
        }
        owned.add(createdId);
      },
    });
    if (request.channel === 'session:close' && typeof sessionId === 'string') {
      owned.delete(sessionId);
    }
    send({ type: 'response', id, envelope });
  }

  return () => {
    detached = true;
    stopOutput();
    stopState();
    for (const sessionId of owned) {
      hub.close(sessionId);
    }
    owned.clear();
  };
}
