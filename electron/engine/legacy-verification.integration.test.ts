import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { describeLegacyVerification } from '../../shared/certificates/secondary-verdicts';
import {
  CASE_LEAF_NAME,
  createCertificateSets,
  serveChain,
  type CertificateSets,
  type ServedChain,
} from '../../e2e/rig/certificate-sets';
import type { OpensslServer } from '../../e2e/rig/openssl-server';
import { runCommandUnchecked } from '../../e2e/rig/run-command';
import { splitPemCertificates } from './certificates/root-store';
import { EngineProbe } from './test-support/engine-probe';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();

/** Depth `s_client -verify` accepts, well above the four certificates of the cross-signed path. */
const MAX_VERIFY_DEPTH = 9;

let sets: CertificateSets;
let setsDir: string;
let server: OpensslServer | null = null;
let probe: EngineProbe;

/** Serves the chain with openssl s_server and opens a Raw TLS session that trusts both roots. */
async function connect(name: string, chain: ServedChain): Promise<string> {
  server = await serveChain(sets, name, chain);
  probe = new EngineProbe();
  const { sessionId } = await probe.hub.open({
    host: '127.0.0.1',
    port: server.port,
    protocol: 'raw',
    security: 'tls',
    caFile: sets.crossSignCaFile,
    sni: CASE_LEAF_NAME,
  });
  await probe.waitForPhase(sessionId, 'ready');
  return sessionId;
}

describe.skipIf(rig === null)(
  `legacy verification of chains served by openssl s_server${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      setsDir = await mkdtemp(join(tmpdir(), 'mailtap-legacy-verification-'));
      sets = await createCertificateSets(setsDir);
    }, 120_000);

    afterEach(async () => {
      probe?.dispose();
      await server?.stop();
      server = null;
    });

    afterAll(async () => {
      await rm(setsDir, { recursive: true, force: true });
    });

    it('fails cross-signed chain at depth 3', async () => {
      const sessionId = await connect('cross-signed', sets.chains.crossSigned);
      const report = probe.hub.certificates(sessionId)!;

      expect(report.trusted).toBe(true);
      const legacy = report.legacyVerification!;
      expect(legacy.error?.code).toBe('CERT_HAS_EXPIRED');
      expect(legacy.error?.number).toBe(10);
      expect(legacy.error?.depth).toBe(3);
      expect(report.certificates[legacy.error!.certificate]!.commonName).toBe(
        'Chain Test Old Root',
      );
      expect(legacy.path.map((step) => step.source)).toEqual(['sent', 'sent', 'sent', 'user-ca']);
      expect(describeLegacyVerification(report)).toContain(
        'Legacy clients (OpenSSL 1.0.x, old GnuTLS): would fail: certificate has expired (error 10 at depth 3, "Chain Test Old Root"',
      );

      // OpenSSL 3 follows the same path when it trusts only the old root, so its error and
      // depth show what the legacy verdict imitates. s_server serves one connection at a time.
      probe.hub.close(sessionId);
      const [, oldRoot] = splitPemCertificates(await readFile(sets.crossSignCaFile, 'utf8'));
      const oldRootFile = join(setsDir, 'old-root-only.pem');
      await writeFile(oldRootFile, `${oldRoot!}\n`);
      const openssl = await runCommandUnchecked('openssl', [
        's_client',
        '-connect',
        `127.0.0.1:${server!.port}`,
        '-CAfile',
        oldRootFile,
        '-verify',
        String(MAX_VERIFY_DEPTH),
        '-verify_return_error',
      ]);
      const output = `${openssl.stdout}\n${openssl.stderr}`;
      expect(output).toMatch(/depth=3 .*Chain Test Old Root/);
      expect(output).toContain('verify error:num=10:certificate has expired');
    });

    it('passes chain without cross certificate', async () => {
      const crossSigned = sets.chains.crossSigned;
      const control: ServedChain = { ...crossSigned, rest: crossSigned.rest.slice(0, 1) };
      const sessionId = await connect('cross-control', control);
      const report = probe.hub.certificates(sessionId)!;

      expect(report.legacyVerification?.error).toBeNull();
      const top = report.legacyVerification!.path.at(-1)!;
      expect(report.certificates[top.certificate]!.commonName).toBe('Chain Test New Root');
      expect(describeLegacyVerification(report)).toContain('would pass');
    });
  },
);
