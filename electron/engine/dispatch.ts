import type {
  Envelope,
  RequestChannel,
  RequestParams,
  RequestResult,
} from '../../shared/ipc/contract';
import { validateRequest } from '../../shared/ipc/validate';
import { makeError } from '../../shared/errors';
import { startAuth } from './auth/auth-start';
import { computeCramMd5 } from './auth/cram-md5-calculator';
import { ConnectionStoreError } from './connections/connection-store';
import { featureHandlers, FeatureFailure, type EngineServices } from './feature-handlers';
import type { Logger } from './logger';
import { InvalidCertificateFile } from './certificates/file-analysis';
import { InvalidOptions } from './session-options';
import { RequestRejected, SessionNotFound, type SessionHub } from './session-hub';

/** What the adapter that received a request wants to hear about it. */
export interface RequestContext {
  /** Runs before a new session emits its first event. */
  readonly onSessionCreated?: (sessionId: string) => void;
}

type Handlers = {
  [C in RequestChannel]: (
    params: RequestParams<C>,
    context: RequestContext,
  ) => Promise<RequestResult<C>> | RequestResult<C>;
};

function handlersFor(hub: SessionHub, services: EngineServices, logger: Logger): Handlers {
  return {
    ...featureHandlers(hub, services),
    'app:defaults': () => hub.defaults(),
    'session:open': (options, context) => hub.open(options, context.onSessionCreated),
    'session:send-line': ({ sessionId, text }) => hub.sendLine(sessionId, text),
    'session:send-lines': ({ sessionId, lines }) => hub.sendLines(sessionId, lines),
    'session:starttls': ({ sessionId }) => hub.requestStarttls(sessionId),
    'session:accept-certificate': ({ sessionId, fingerprint }) =>
      hub.acceptCertificate(sessionId, fingerprint),
    'session:close': ({ sessionId }) => {
      hub.close(sessionId);
      return null;
    },
    'session:ack': ({ sessionId, byteCount }) => {
      hub.acknowledge(sessionId, byteCount);
      return null;
    },
    'auth:stop': ({ sessionId }) => {
      hub.stopAuth(sessionId);
      return null;
    },
    'auth:start': ({ sessionId, request }) =>
      startAuth(hub, services.connections, logger, sessionId, request),
    'auth:cram-md5': ({ challenge, username, secret }) =>
      computeCramMd5(challenge, username, secret),
    'session:certificates': ({ sessionId }) => hub.certificates(sessionId),
    'certificates:analyze-file': ({ fileName, bytes, ...check }) =>
      hub.analyzeCertificateFile(fileName, bytes, check),
  };
}

/**
 * Validates one request from an adapter, runs it on the hub and wraps the outcome in an
 * envelope. Expected failures become catalog errors; anything else is logged and reported as
 * INTERNAL_ERROR, so no exception crosses the process boundary.
 */
export function createDispatcher(hub: SessionHub, logger: Logger, services: EngineServices = {}) {
  const handlers = handlersFor(hub, services, logger);
  return async function dispatch<C extends RequestChannel>(
    channel: C,
    params: unknown,
    context: RequestContext = {},
  ): Promise<Envelope<RequestResult<C>>> {
    const validation = validateRequest(channel, params);
    if (!validation.ok) {
      return { ok: false, error: validation.error };
    }
    try {
      const handler = handlers[channel] as (
        params: RequestParams<C>,
        context: RequestContext,
      ) => Promise<RequestResult<C>> | RequestResult<C>;
      return { ok: true, value: await handler(validation.value, context) };
    } catch (error) {
      if (
        error instanceof InvalidOptions ||
        error instanceof SessionNotFound ||
        error instanceof RequestRejected ||
        error instanceof ConnectionStoreError ||
        error instanceof FeatureFailure ||
        error instanceof InvalidCertificateFile
      ) {
        return { ok: false, error: error.error };
      }
      logger.error('request failed unexpectedly', { channel, error: String(error) });
      return {
        ok: false,
        error: makeError('INTERNAL_ERROR', {
          detail: `The ${channel} request failed; see the Mailtap log.`,
        }),
      };
    }
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;
