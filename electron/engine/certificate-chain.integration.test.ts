import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { DiagnosisCode } from '../../shared/certificates/diagnosis-catalog';
import type { ChainReport } from '../../shared/certificates/model';
import type { SessionOptions } from '../../shared/session';
import {
  CASE_CA_ISSUERS_URL,
  CASE_LEAF_ADDRESS,
  CASE_LEAF_NAME,
  createCertificateSets,
  writeChainFile,
  type CertificateSets,
  type ServedChain,
} from '../../e2e/rig/certificate-sets';
import {
  startOpensslServer,
  verifyWithOpenssl,
  type OpensslServer,
} from '../../e2e/rig/openssl-server';
import { EngineProbe } from './test-support/engine-probe';
import { rigOrSkipReason } from './test-support/rig';

const { rig, skipReason } = rigOrSkipReason();

interface ChainCase {
  readonly name: string;
  readonly chain: (sets: CertificateSets) => ServedChain;
  readonly tlsVersion?: '1.2' | '1.3';
  /** The name the session expects; defaults to the leaves' host name. */
  readonly verifyName?: string;
  /** The CA file; defaults to the sets' root. */
  readonly caFile?: (sets: CertificateSets) => string;
  readonly headline: DiagnosisCode;
  /** Findings that must be present besides the headline. */
  readonly codes?: readonly DiagnosisCode[];
  readonly trusted: boolean;
}

const CASES: readonly ChainCase[] = [
  { name: 'valid chain', chain: (s) => s.chains.valid, headline: 'TRUSTED', trusted: true },
  {
    name: 'expired leaf',
    chain: (s) => s.chains.expiredLeaf,
    headline: 'CERT_EXPIRED',
    trusted: false,
  },
  {
    name: 'leaf not yet valid',
    chain: (s) => s.chains.notYetValid,
    headline: 'CERT_NOT_YET_VALID',
    trusted: false,
  },
  {
    name: 'self-signed leaf',
    chain: (s) => s.chains.selfSigned,
    headline: 'SELF_SIGNED_LEAF',
    trusted: false,
  },
  {
    name: 'wrong host',
    chain: (s) => s.chains.valid,
    verifyName: 'mx.elsewhere.test',
    headline: 'NAME_MISMATCH',
    trusted: false,
  },
  {
    name: 'missing intermediate',
    chain: (s) => s.chains.leafOnly,
    headline: 'INTERMEDIATE_NOT_SENT',
    trusted: false,
  },
  {
    name: 'wrong order over TLS 1.2',
    chain: (s) => s.chains.wrongOrder,
    tlsVersion: '1.2',
    headline: 'TRUSTED',
    codes: ['WRONG_ORDER'],
    trusted: true,
  },
  {
    name: 'wrong order over TLS 1.3',
    chain: (s) => s.chains.wrongOrder,
    tlsVersion: '1.3',
    headline: 'TRUSTED',
    codes: ['WRONG_ORDER'],
    trusted: true,
  },
  {
    name: 'extra unrelated certificate over TLS 1.2',
    chain: (s) => s.chains.extraUnrelated,
    tlsVersion: '1.2',
    headline: 'TRUSTED',
    codes: ['EXTRA_CERTIFICATE'],
    trusted: true,
  },
  {
    name: 'extra unrelated certificate over TLS 1.3',
    chain: (s) => s.chains.extraUnrelated,
    tlsVersion: '1.3',
    headline: 'TRUSTED',
    codes: ['EXTRA_CERTIFICATE'],
    trusted: true,
  },
  {
    name: 'expired intermediate',
    chain: (s) => s.chains.expiredIntermediate,
    headline: 'CERT_EXPIRED',
    trusted: false,
  },
  { name: 'RSA-1024 leaf', chain: (s) => s.chains.rsa1024, headline: 'WEAK_KEY', trusted: false },
  {
    name: 'ECDSA P-256 leaf',
    chain: (s) => s.chains.ecdsaP256,
    headline: 'TRUSTED',
    trusted: true,
  },
  {
    name: 'SHA-1 signature',
    chain: (s) => s.chains.sha1,
    headline: 'WEAK_SIGNATURE',
    trusted: false,
  },
  {
    name: 'four intermediates',
    chain: (s) => s.chains.fourIntermediates,
    headline: 'TRUSTED',
    trusted: true,
  },
  {
    name: 'connection by IP address',
    chain: (s) => s.chains.valid,
    verifyName: CASE_LEAF_ADDRESS,
    headline: 'TRUSTED',
    trusted: true,
  },
  {
    name: 'IP address not in the certificate',
    chain: (s) => s.chains.valid,
    verifyName: '127.0.0.9',
    headline: 'NAME_MISMATCH',
    trusted: false,
  },
  {
    name: 'duplicate intermediate',
    chain: (s) => s.chains.duplicate,
    headline: 'TRUSTED',
    codes: ['DUPLICATE_CERTIFICATE'],
    trusted: true,
  },
  {
    name: 'root sent needlessly',
    chain: (s) => s.chains.rootSent,
    headline: 'TRUSTED',
    codes: ['ROOT_SENT'],
    trusted: true,
  },
  {
    name: 'leaf expiring soon',
    chain: (s) => s.chains.expiresSoon,
    headline: 'TRUSTED',
    codes: ['EXPIRES_SOON'],
    trusted: true,
  },
  {
    name: 'unknown root',
    chain: (s) => s.chains.valid,
    caFile: (s) => s.crossSignCaFile,
    headline: 'UNKNOWN_ROOT',
    trusted: false,
  },
  {
    name: 'cross-signed root whose old root expired',
    chain: (s) => s.chains.crossSigned,
    caFile: (s) => s.crossSignCaFile,
    headline: 'TRUSTED',
    codes: ['LEGACY_PATH_EXPIRED'],
    trusted: true,
  },
];

let sets: CertificateSets;
let setsDir: string;
let server: OpensslServer | null = null;
let probe: EngineProbe;

async function serve(name: string, chain: ServedChain, tlsVersion?: '1.2' | '1.3') {
  server = await startOpensslServer({
    certFile: chain.leaf.certFile,
    keyFile: chain.keyFile,
    ...(tlsVersion === undefined ? {} : { tlsVersion }),
    ...(await writeChainFile(sets, name.replace(/\W+/g, '-'), chain).then((file) =>
      file === undefined ? {} : { chainFile: file },
    )),
  });
  return server;
}

async function connect(port: number, caFile: string, verifyName: string): Promise<ChainReport> {
  probe = new EngineProbe();
  const options: SessionOptions = {
    host: '127.0.0.1',
    port,
    protocol: 'raw',
    security: 'tls',
    caFile,
    verifyName,
    ...(verifyName === CASE_LEAF_NAME ? { sni: CASE_LEAF_NAME } : {}),
  };
  const { sessionId } = await probe.hub.open(options);
  await probe.waitForPhase(sessionId, 'ready');
  const report = probe.hub.certificates(sessionId);
  expect(report).not.toBeNull();
  probe.hub.close(sessionId);
  return report!;
}

function fingerprintsOf(report: ChainReport): string[] {
  return report.sentOrder.map((index) => report.certificates[index]!.sha256Fingerprint);
}

function servedFingerprints(chain: ServedChain): string[] {
  return [chain.leaf, ...chain.rest].map(
    (certificate) => new X509Certificate(certificate.certPem).fingerprint256,
  );
}

describe.skipIf(rig === null)(
  `certificate chains served by openssl s_server${rig === null ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    beforeAll(async () => {
      setsDir = await mkdtemp(join(tmpdir(), 'mailtap-chains-'));
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

    for (const chainCase of CASES) {
      it(`diagnoses ${chainCase.name} as openssl does`, async () => {
        const chain = chainCase.chain(sets);
        const caFile = chainCase.caFile?.(sets) ?? sets.caFile;
        const verifyName = chainCase.verifyName ?? CASE_LEAF_NAME;
        const { port } = await serve(chainCase.name, chain, chainCase.tlsVersion);

        const report = await connect(port, caFile, verifyName);
        const codes = report.diagnoses.map((finding) => finding.code);
        expect(report.headline.code).toBe(chainCase.headline);
        for (const code of chainCase.codes ?? []) {
          expect(codes).toContain(code);
        }
        expect(report.trusted).toBe(chainCase.trusted);
        expect(fingerprintsOf(report)).toEqual(servedFingerprints(chain));
        expect(report.capture.method).toBe(
          chainCase.tlsVersion === '1.2' ? 'tls12-record' : 'tls13-decrypted',
        );

        const openssl = await verifyWithOpenssl(port, caFile, verifyName);
        expect(openssl.trusted, `openssl s_client: ${openssl.reason}`).toBe(report.trusted);
      });
    }

    it('names the CA-issuers address of a missing intermediate', async () => {
      const { port } = await serve('leaf only', sets.chains.leafOnly);
      const report = await connect(port, sets.caFile, CASE_LEAF_NAME);
      expect(report.missingIssuer?.caIssuersUrls).toEqual([CASE_CA_ISSUERS_URL]);
      expect(report.headline.text).toContain(CASE_CA_ISSUERS_URL);
      expect(report.headline.text).toContain('Chain Test CA 1');
    });

    it('marks the expired intermediate, not the leaf', async () => {
      const { port } = await serve('expired intermediate', sets.chains.expiredIntermediate);
      const report = await connect(port, sets.caFile, CASE_LEAF_NAME);
      const expired = report.diagnoses.filter((finding) => finding.code === 'CERT_EXPIRED');
      expect(expired).toHaveLength(1);
      expect(report.certificates[expired[0]!.certificates[0]!]!.commonName).toBe(
        'Chain Test Expired CA',
      );
    });

    it('builds the whole path of four intermediates', async () => {
      const { port } = await serve('four intermediates', sets.chains.fourIntermediates);
      const report = await connect(port, sets.caFile, CASE_LEAF_NAME);
      expect(report.path.map((step) => step.source)).toEqual([
        'sent',
        'sent',
        'sent',
        'sent',
        'sent',
        'user-ca',
      ]);
      expect(report.pathComplete).toBe(true);
    });

    it('captures the chain of a STARTTLS upgrade on Postfix', async () => {
      probe = new EngineProbe();
      const { sessionId } = await probe.hub.open({
        host: rig!.host,
        port: rig!.ports.smtp,
        protocol: 'smtp',
        security: 'starttls',
        ehloName: 'client.mailtap.test',
        caFile: rig!.caFile,
      });
      const state = await probe.waitForPhase(sessionId, 'ready');
      const report = probe.hub.certificates(sessionId)!;
      expect(state.tls?.headline.code).toBe('TRUSTED');
      expect(state.tls?.certificateCount).toBe(2);
      expect(report.capture.method).toBe('tls13-decrypted');
      expect(report.path.map((step) => step.source)).toEqual(['sent', 'sent', 'user-ca']);
    });

    it('describes an ECDSA P-256 key', async () => {
      const { port } = await serve('ecdsa', sets.chains.ecdsaP256);
      const report = await connect(port, sets.caFile, CASE_LEAF_NAME);
      expect(report.certificates[0]!.publicKey).toEqual({
        algorithm: 'EC',
        bits: 256,
        curve: 'P-256',
      });
      expect(report.certificates[0]!.signatureAlgorithm).toBe('sha256WithRSAEncryption');
    });
  },
);
