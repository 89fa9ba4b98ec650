import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { SessionOptions } from '../../shared/session';
import {
  CASE_LEAF_NAME,
  createCertificateSets,
  serveChain,
  type CertificateSets,
  type ServedChain,
} from '../../e2e/rig/certificate-sets';
import type { OpensslServer, OpensslServerOptions } from '../../e2e/rig/openssl-server';
import { runCommand } from '../../e2e/rig/run-command';
import { EngineProbe } from './test-support/engine-probe';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();

/**
 * Writing the fixed 1024-bit group of RFC 5114, section 2.1 takes milliseconds; ten seconds
 * leave room for a loaded machine. `openssl dhparam -dsaparam` is as fast, but OpenSSL 3.0's
 * s_server rejects its X9.42 output ("unexpected parameters type") and falls back to a
 * 2048-bit group.
 */
const DH_PARAMS_TIMEOUT_MS = 10_000;

let sets: CertificateSets;
let setsDir: string;
let dhParamsFile: string;
let server: OpensslServer | null = null;
let probe: EngineProbe;

async function serve(
  name: string,
  chain: ServedChain,
  extra: Partial<OpensslServerOptions> = {},
): Promise<OpensslServer> {
  server = await serveChain(sets, name, chain, extra);
  return server;
}

async function open(port: number, extra: Partial<SessionOptions> = {}): Promise<string> {
  probe = new EngineProbe();
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port,
    protocol: 'raw',
    security: 'tls',
    caFile: sets.caFile,
    sni: CASE_LEAF_NAME,
    ...extra,
  });
  return sessionId;
}

describe.skipIf(rig === null)(
  `legacy TLS against openssl s_server${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      setsDir = await mkdtemp(join(tmpdir(), 'mailtap-legacy-tls-'));
      sets = await createCertificateSets(setsDir);
      dhParamsFile = join(setsDir, 'dh1024.pem');
      await runCommand(
        'openssl',
        [
          'genpkey',
          '-genparam',
          '-algorithm',
          'DH',
          '-pkeyopt',
          'dh_rfc5114:1',
          '-out',
          dhParamsFile,
        ],
        { timeoutMs: DH_PARAMS_TIMEOUT_MS },
      );
    }, 120_000);

    afterEach(async () => {
      probe?.dispose();
      await server?.stop();
      server = null;
    });

    afterAll(async () => {
      await rm(setsDir, { recursive: true, force: true });
    });

    const tls10Only = { tlsVersion: '1.0', cipher: 'DEFAULT:@SECLEVEL=0' } as const;
    /** A server whose only cipher suite is DHE, with a 1024-bit group. */
    const dh1024Only = (): Partial<OpensslServerOptions> => ({
      cipher: 'DHE-RSA-AES128-SHA:@SECLEVEL=0',
      noTls13: true,
      dhparamFile: dhParamsFile,
    });

    it('explains TLS 1.0-only server', async () => {
      const { port } = await serve('tls10', sets.chains.valid, tls10Only);
      const state = await waitClosed(await open(port));
      expect(state.error?.code).toBe('TLS_VERSION_TOO_OLD');
      expect(state.error?.context.phase).toBe('tls-handshake');
      expect(state.error?.message).toContain('The server supports at most TLS 1.1');
      expect(state.error?.message).toContain("this client's minimum is TLS 1.2");
      expect(state.error?.message).toContain('Allow legacy TLS');
      expect(state.tls).toBeNull();
    });

    it('reaches TLS 1.0 server in legacy mode', async () => {
      const { port } = await serve('tls10-legacy', sets.chains.valid, tls10Only);
      const state = await waitReady(await open(port, { legacyTls: true }));
      expect(state.tls?.version).toBe('TLSv1');
      expect(state.tls?.legacyTls).toBe(true);
      expect(state.tls?.trusted).toBe(true);
      expect(state.tls?.keyExchange).not.toBeNull();
    });

    it('names 1024-bit DH group size', async () => {
      const { port } = await serve('dh1024', sets.chains.valid, dh1024Only());
      const state = await waitClosed(await open(port));
      expect(state.error?.code).toBe('TLS_DH_GROUP_TOO_SMALL');
      expect(state.error?.message).toContain(
        "The server's DH group is 1024 bits; this client requires at least 2048 at its security level",
      );
      expect(state.tls).toBeNull();
    });

    it('reaches 1024-bit DH in legacy mode', async () => {
      const { port } = await serve('dh1024-legacy', sets.chains.valid, dh1024Only());
      const state = await waitReady(await open(port, { legacyTls: true }));
      expect(state.tls?.version).toBe('TLSv1.2');
      expect(state.tls?.cipher).toBe('TLS_DHE_RSA_WITH_AES_128_CBC_SHA');
      expect(state.tls?.keyExchange).toBe('DH (1024 bits)');
      expect(state.tls?.legacyTls).toBe(true);
    });

    it('shows strict DHE group size', async () => {
      const { port } = await serve('dh-default', sets.chains.valid, {
        cipher: 'DHE-RSA-AES128-GCM-SHA256',
        noTls13: true,
      });
      const state = await waitReady(await open(port));
      expect(state.tls?.cipher).toBe('TLS_DHE_RSA_WITH_AES_128_GCM_SHA256');
      expect(state.tls?.keyExchange).toMatch(/^DH \((2048|3072|4096) bits\)$/);
      expect(state.tls?.legacyTls).toBe(false);
    });

    it('keeps TLS 1.3 in legacy mode', async () => {
      const { port } = await serve('modern-legacy', sets.chains.valid);
      const state = await waitReady(await open(port, { legacyTls: true }));
      expect(state.tls?.version).toBe('TLSv1.3');
      expect(state.tls?.legacyTls).toBe(true);
    });
  },
);

function waitClosed(sessionId: string) {
  return probe.waitForPhase(sessionId, 'closed');
}

function waitReady(sessionId: string) {
  return probe.waitForPhase(sessionId, 'ready');
}
