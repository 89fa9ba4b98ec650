import type {
  RequestChannel,
  RequestParams,
  RequestResult,
  SaveOutcome,
} from '../../shared/ipc/contract';
import { makeError, type MailtapError } from '../../shared/errors';
import type { ExportedFile } from '../../shared/transcript';
import type { ConnectionStore } from './connections/connection-store';
import type { SessionHub } from './session-hub';

/** Services an adapter adds to the engine: what exists depends on where the engine runs. */
export interface EngineServices {
  /** The saved connections; every adapter has one, with or without a password vault. */
  readonly connections?: ConnectionStore;
  /** Asks where to save a file and writes it; only the desktop app can show a save dialog. */
  readonly saveFile?: (file: ExportedFile) => Promise<SaveOutcome>;
}

/** An expected failure of a feature request, carrying its catalog error. */
export class FeatureFailure extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

function unavailable(detail: string): FeatureFailure {
  return new FeatureFailure(makeError('NOT_AVAILABLE', { detail }));
}

export type FeatureChannel =
  | 'session:send-bytes'
  | 'transcript:read'
  | 'transcript:export'
  | 'transcript:keep-credentials'
  | 'file:save'
  | 'connections:list'
  | 'connections:save'
  | 'connections:delete'
  | 'connections:export'
  | 'connections:import';

type FeatureHandlers = {
  [C in FeatureChannel & RequestChannel]: (
    params: RequestParams<C>,
  ) => Promise<RequestResult<C>> | RequestResult<C>;
};

/** Handlers of the transcript, exact-bytes, file and saved-connection channels. */
export function featureHandlers(hub: SessionHub, services: EngineServices): FeatureHandlers {
  const connections = (): ConnectionStore => {
    if (services.connections === undefined) {
      throw unavailable('This engine was started without a data folder for saved connections.');
    }
    return services.connections;
  };
  return {
    'session:send-bytes': ({ sessionId, bytes }) => hub.sendBytes(sessionId, bytes),
    'transcript:read': ({ sessionId, from, maxBytes }) =>
      hub.readTranscript(sessionId, from, maxBytes),
    'transcript:export': ({ sessionId, options }) => hub.exportTranscript(sessionId, options),
    'transcript:keep-credentials': ({ sessionId, keep }) => ({
      keeping: hub.keepCredentials(sessionId, keep),
    }),
    'file:save': async ({ file }) => {
      if (services.saveFile === undefined) {
        throw unavailable('In browser mode the page downloads files itself.');
      }
      try {
        return await services.saveFile(file);
      } catch (error) {
        const detail = `${file.fileName}: ${error instanceof Error ? error.message : String(error)}. Choose another folder.`;
        throw new FeatureFailure(makeError('FILE_SAVE_FAILED', { detail }));
      }
    },
    'connections:list': () => connections().list(),
    'connections:save': ({ connection }) => connections().save(connection),
    'connections:delete': ({ id }) => connections().delete(id),
    'connections:export': () => connections().exportFile(),
    'connections:import': ({ content }) => connections().import(content),
  };
}
