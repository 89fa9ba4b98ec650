import type { IpcRenderer, IpcRendererEvent } from 'electron';

import type {
  Envelope,
  EventChannel,
  EventMap,
  MailtapApi,
  RequestChannel,
  RequestParams,
  RequestResult,
} from '../shared/ipc/contract';

/** The part of Electron's ipcRenderer the preload uses; tests pass a fake. */
export type RendererIpc = Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>;

/**
 * Builds the object the preload exposes as `window.mailtap`: named operations only, so the page
 * gets no ipcRenderer, no generic send and no channel names. A failure rejects with the plain
 * MailtapError object (code, message, context), because the context bridge would strip an Error
 * subclass down to its message.
 */
export function createPreloadApi(ipc: RendererIpc): MailtapApi {
  async function invoke<C extends RequestChannel>(
    channel: C,
    params: RequestParams<C>,
  ): Promise<RequestResult<C>> {
    const envelope = (await ipc.invoke(channel, params)) as Envelope<RequestResult<C>>;
    if (!envelope.ok) {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- see above: an Error would lose the code.
      throw envelope.error;
    }
    return envelope.value;
  }

  function subscribe<C extends EventChannel>(
    channel: C,
    listener: (payload: EventMap[C]) => void,
  ): () => void {
    const handler = (_event: IpcRendererEvent, payload: EventMap[C]): void => listener(payload);
    ipc.on(channel, handler);
    return () => {
      ipc.removeListener(channel, handler);
    };
  }

  return {
    getDefaults: () => invoke('app:defaults', null),
    openSession: (options) => invoke('session:open', options),
    sendLine: (sessionId, text) => invoke('session:send-line', { sessionId, text }),
    sendLines: (sessionId, lines) => invoke('session:send-lines', { sessionId, lines }),
    startTls: (sessionId) => invoke('session:starttls', { sessionId }),
    acceptCertificate: (sessionId, fingerprint) =>
      invoke('session:accept-certificate', { sessionId, fingerprint }),
    closeSession: (sessionId) => invoke('session:close', { sessionId }),
    stopAuth: (sessionId) => invoke('auth:stop', { sessionId }),
    acknowledge: (sessionId, byteCount) => invoke('session:ack', { sessionId, byteCount }),
    startAuth: (sessionId, request) => invoke('auth:start', { sessionId, request }),
    computeCramMd5: (challenge, username, secret) =>
      invoke('auth:cram-md5', { challenge, username, secret }),
    sendBytes: (sessionId, bytes) => invoke('session:send-bytes', { sessionId, bytes }),
    readTranscript: (sessionId, from, maxBytes) =>
      invoke('transcript:read', { sessionId, from, maxBytes }),
    exportTranscript: (sessionId, options) => invoke('transcript:export', { sessionId, options }),
    keepCredentials: (sessionId, keep) =>
      invoke('transcript:keep-credentials', { sessionId, keep }),
    saveFile: (file) => invoke('file:save', { file }),
    listConnections: () => invoke('connections:list', null),
    saveConnection: (connection) => invoke('connections:save', { connection }),
    deleteConnection: (id) => invoke('connections:delete', { id }),
    exportConnections: () => invoke('connections:export', null),
    importConnections: (content) => invoke('connections:import', { content }),
    getCertificates: (sessionId) => invoke('session:certificates', { sessionId }),
    analyzeCertificateFile: (fileName, bytes, check = {}) =>
      invoke('certificates:analyze-file', { fileName, bytes, ...check }),
    onSessionOutput: (listener) => subscribe('session:output', listener),
    onSessionState: (listener) => subscribe('session:state', listener),
  };
}
