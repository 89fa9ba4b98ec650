import { describe, expect, it } from 'vitest';

import { REQUEST_CHANNELS } from '../shared/ipc/contract';
import { createPreloadApi, type RendererIpc } from './preload-api';

/** The named operations the page may call, and nothing else. */
const ALLOWED_KEYS = [
  'acceptCertificate',
  'acknowledge',
  'analyzeCertificateFile',
  'closeSession',
  'computeCramMd5',
  'deleteConnection',
  'exportConnections',
  'exportTranscript',
  'getCertificates',
  'getDefaults',
  'importConnections',
  'keepCredentials',
  'listConnections',
  'onSessionOutput',
  'onSessionState',
  'openSession',
  'readTranscript',
  'saveConnection',
  'saveFile',
  'sendBytes',
  'sendLine',
  'sendLines',
  'startAuth',
  'startTls',
  'stopAuth',
];

function fakeIpc() {
  const invoked: string[] = [];
  const listening = new Map<string, number>();
  const ipc = {
    invoke: (channel: string) => {
      invoked.push(channel);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string) => {
      listening.set(channel, (listening.get(channel) ?? 0) + 1);
      return ipc;
    },
    removeListener: (channel: string) => {
      listening.set(channel, (listening.get(channel) ?? 0) - 1);
      return ipc;
    },
  };
  return { ipc: ipc as unknown as RendererIpc, invoked, listening };
}

describe('createPreloadApi', () => {
  it('exposes exactly the named operations', () => {
    const api = createPreloadApi(fakeIpc().ipc);
    expect(Object.keys(api).sort()).toEqual(ALLOWED_KEYS);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
    }
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('send');
    expect(api).not.toHaveProperty('on');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('invokes every contract channel and nothing else', async () => {
    const { ipc, invoked } = fakeIpc();
    const api = createPreloadApi(ipc);
    const bytes = new Uint8Array([0x41]);
    await api.getDefaults();
    await api.openSession({ host: 'h', port: 25, protocol: 'smtp', security: 'plain' });
    await api.sendLine('s', 'NOOP');
    await api.sendLines('s', ['NOOP']);
    await api.startTls('s');
    await api.acceptCertificate('s', 'AA');
    await api.closeSession('s');
    await api.acknowledge('s', 1);
    await api.sendBytes('s', bytes);
    await api.readTranscript('s', null, 1);
    await api.exportTranscript('s', {} as Parameters<typeof api.exportTranscript>[1]);
    await api.keepCredentials('s', false);
    await api.saveFile({} as Parameters<typeof api.saveFile>[0]);
    await api.listConnections();
    await api.saveConnection({} as Parameters<typeof api.saveConnection>[0]);
    await api.deleteConnection('c');
    await api.exportConnections();
    await api.importConnections('');
    await api.getCertificates('s');
    await api.analyzeCertificateFile('f.pem', bytes);
    await api.startAuth('s', {} as Parameters<typeof api.startAuth>[1]);
    await api.stopAuth('s');
    await api.computeCramMd5('PDE+', 'alice', 'secret');
    expect([...invoked].sort()).toEqual([...REQUEST_CHANNELS].sort());
  });

  it('rejects with the catalog error, not an Error the bridge would strip', async () => {
    const error = { code: 'SESSION_NOT_FOUND', message: 'gone', context: {} };
    const ipc = { ...fakeIpc().ipc, invoke: () => Promise.resolve({ ok: false, error }) };
    await expect(createPreloadApi(ipc as RendererIpc).closeSession('s')).rejects.toEqual(error);
  });

  it('returns subscriptions that remove their listener', () => {
    const { ipc, listening } = fakeIpc();
    const api = createPreloadApi(ipc);
    const stop = api.onSessionOutput(() => undefined);
    expect(listening.get('session:output')).toBe(1);
    stop();
    expect(listening.get('session:output')).toBe(0);
  });
});
