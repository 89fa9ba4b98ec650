import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCommand } from '../../../e2e/rig/run-command';
import {
  createKey,
  issueCertificate,
  writePemBundle,
  type IssuedCertificate,
  type PrivateKey,
} from '../../../e2e/rig/pki';
import { analyzeChain } from './analyze-chain';
import { CertificateFileError, decodeCertificateFile } from './certificate-file';
import { analyzeCertificateFile, InvalidCertificateFile } from './file-analysis';
import { parseCertificate } from './parse-certificate';
import { buildPath } from './path-builder';
import { buildRootStore } from './root-store';
import { InvalidOptions } from '../session-options';

let dir: string;
let root: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;
let cycleA: IssuedCertificate;
let cycleB: IssuedCertificate;
let selfIssued: IssuedCertificate;

function der(certificate: IssuedCertificate): Buffer {
  return new X509Certificate(certificate.certPem).raw;
}

async function ca(
  name: string,
  commonName: string,
  key: PrivateKey,
  issuer?: IssuedCertificate,
): Promise<IssuedCertificate> {
  return issueCertificate(dir, {
    name,
    subject: { commonName },
    key,
    isCa: true,
    ...(issuer === undefined ? {} : { issuer }),
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailtap-chain-unit-'));
  const [rootKey, leafKey, keyA, keyB] = await Promise.all(
    ['root', 'leaf', 'a', 'b'].map((name) => createKey(dir, name, { type: 'ec', curve: 'P-256' })),
  );
  root = await ca('root', 'Unit Root', rootKey!);
  intermediate = await ca('intermediate', 'Unit CA', rootKey!, root);
  leaf = await issueCertificate(dir, {
    name: 'leaf',
    subject: { commonName: 'mail.unit.test' },
    key: leafKey!,
    issuer: intermediate,
    subjectAltNames: { dns: ['mail.unit.test'] },
  });

  // Two CAs that issued each other: Cycle A by Cycle B, and Cycle B by Cycle A.
  const seedA = await ca('seed-a', 'Cycle A', keyA!);
  const seedB = await ca('seed-b', 'Cycle B', keyB!);
  cycleA = await ca('cycle-a', 'Cycle A', keyA!, seedB);
  cycleB = await ca('cycle-b', 'Cycle B', keyB!, seedA);

  // Self-issued (subject equals issuer) but signed by another key, so it is not self-signed.
  const loopSigner = await ca('loop-signer', 'Loop CA', keyA!);
  selfIssued = await ca('loop', 'Loop CA', keyB!, loopSigner);
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('path builder', () => {
  it('stops at two CAs that issued each other', () => {
    const [a, b] = [parseCertificate(der(cycleA)), parseCertificate(der(cycleB))];
    const built = buildPath(a, [a, b], [], new Date());
    expect(built.nodes.length).toBeLessThanOrEqual(2);
    expect(built.complete).toBe(false);
    expect(built.issues.map((issue) => issue.code)).toContain('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('does not take a self-issued certificate for its own issuer', () => {
    const loop = parseCertificate(der(selfIssued));
    expect(loop.info.selfIssued).toBe(true);
    expect(loop.info.selfSigned).toBe(false);
    const built = buildPath(loop, [loop, loop], [], new Date());
    expect(built.nodes).toHaveLength(1);
    expect(built.issues[0]?.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('completes at a trusted root from the CA file', async () => {
    const roots = await buildRootStore([root.certPem]);
    const sent = [der(leaf), der(intermediate)].map(parseCertificate);
    const built = buildPath(sent[0]!, sent, roots.anchors, new Date());
    expect(built.complete).toBe(true);
    expect(built.issues).toEqual([]);
    expect(built.nodes.map((node) => node.source)).toEqual(['sent', 'sent', 'user-ca']);
  });
});

describe('chain analysis', () => {
  it('marks an intermediate taken from the trust store', async () => {
    const roots = await buildRootStore([root.certPem + intermediate.certPem]);
    const report = analyzeChain({
      origin: 'handshake',
      label: 'unit',
      sent: [der(leaf)],
      capture: { method: 'tls13-decrypted', problem: null },
      roots,
      verifyName: 'mail.unit.test',
      runtimeError: null,
    });
    expect(report.trusted).toBe(true);
    expect(report.diagnoses.map((finding) => finding.code)).toContain('INTERMEDIATE_FROM_STORE');
  });

  it('reports an unreadable leaf without throwing', async () => {
    const report = analyzeChain({
      origin: 'handshake',
      label: 'unit',
      sent: [Buffer.from('not a certificate'), der(intermediate)],
      capture: { method: 'tls12-record', problem: null },
      roots: await buildRootStore([]),
      verifyName: 'mail.unit.test',
      runtimeError: null,
    });
    expect(report.trusted).toBe(false);
    expect(report.headline.code).toBe('CERTIFICATE_UNREADABLE');
  });

  it('reports a chain the TLS library rejected and the verifier accepted', async () => {
    const report = analyzeChain({
      origin: 'handshake',
      label: 'unit',
      sent: [der(leaf), der(intermediate)],
      capture: { method: 'runtime', problem: 'the server compressed its certificates (RFC 8879)' },
      roots: await buildRootStore([root.certPem]),
      verifyName: 'mail.unit.test',
      runtimeError: 'CERT_REVOKED',
    });
    expect(report.trusted).toBe(false);
    expect(report.headline.code).toBe('RUNTIME_REJECTED');
    expect(report.diagnoses.map((finding) => finding.code)).toContain('RUNTIME_CAPTURE');
  });
});

describe('certificate files', () => {
  it('reads a PEM bundle in file order', async () => {
    const file = await writePemBundle(dir, 'bundle.pem', [intermediate, leaf]);
    const certificates = decodeCertificateFile(await readFile(file));
    expect(certificates).toEqual([der(intermediate), der(leaf)]);
  });

  it('reads one DER certificate', () => {
    expect(decodeCertificateFile(der(leaf))).toEqual([der(leaf)]);
  });

  it('reads PKCS#7 in DER and PEM', async () => {
    const bundle = await writePemBundle(dir, 'p7-source.pem', [leaf, intermediate]);
    const p7der = join(dir, 'chain.p7b');
    const p7pem = join(dir, 'chain.p7c');
    const base = ['crl2pkcs7', '-nocrl', '-certfile', bundle];
    await runCommand('openssl', [...base, '-outform', 'DER', '-out', p7der]);
    await runCommand('openssl', [...base, '-outform', 'PEM', '-out', p7pem]);
    for (const file of [p7der, p7pem]) {
      const certificates = decodeCertificateFile(await readFile(file));
      expect(new Set(certificates.map((certificate) => certificate.toString('hex')))).toEqual(
        new Set([der(leaf), der(intermediate)].map((certificate) => certificate.toString('hex'))),
      );
    }
  });

  it('rejects empty, text and key files with the reason', () => {
    expect(() => decodeCertificateFile(new Uint8Array(0))).toThrow(/it is empty/);
    expect(() => decodeCertificateFile(Buffer.from('hello'))).toThrow(CertificateFileError);
    const key = Buffer.from('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n');
    expect(() => decodeCertificateFile(key)).toThrow(/PEM blocks found: PRIVATE KEY/);
  });

  it('analyses a file without a name check', async () => {
    const bytes = await readFile(await writePemBundle(dir, 'full.pem', [leaf, intermediate]));
    const report = await analyzeCertificateFile('full.pem', bytes);
    expect(report.origin).toBe('file');
    expect(report.nameMatched).toBeNull();
    expect(report.headline.code).toBe('UNKNOWN_ROOT');
    expect(report.diagnoses.map((finding) => finding.code)).toContain('NAME_NOT_CHECKED');
  });

  it('words findings for a file, not a server', async () => {
    const bytes = await readFile(await writePemBundle(dir, 'leaf-only.pem', [leaf]));
    const report = await analyzeCertificateFile('leaf-only.pem', bytes, { caPem: root.certPem });
    expect(report.headline.code).toBe('INTERMEDIATE_NOT_SENT');
    expect(report.headline.text).toMatch(/^The file does not contain the issuer of /);
    expect(report.diagnoses.map((finding) => finding.text).join('\n')).not.toMatch(/The server/);
  });

  it('checks file name and PEM CA', async () => {
    const bytes = await readFile(await writePemBundle(dir, 'named.pem', [leaf, intermediate]));
    const report = await analyzeCertificateFile('named.pem', bytes, {
      verifyName: 'mail.unit.test',
      caPem: root.certPem,
    });
    expect(report.headline.code).toBe('TRUSTED');
    expect(report.nameMatched).toBe(true);
    expect(report.verifyName).toBe('mail.unit.test');
    expect(report.roots.userCount).toBe(1);
  });

  it('reports file name mismatch', async () => {
    const bytes = await readFile(await writePemBundle(dir, 'other.pem', [leaf, intermediate]));
    const report = await analyzeCertificateFile('other.pem', bytes, {
      verifyName: 'mx.elsewhere.test',
      caPem: root.certPem,
    });
    expect(report.headline.code).toBe('NAME_MISMATCH');
    expect(report.nameMatched).toBe(false);
  });

  it('reads file check CA path', async () => {
    const bytes = await readFile(await writePemBundle(dir, 'ca-path.pem', [leaf, intermediate]));
    const caFile = await writePemBundle(dir, 'root-only.pem', [root]);
    const report = await analyzeCertificateFile('ca-path.pem', bytes, { caFile });
    expect(report.headline.code).toBe('TRUSTED');
    expect(report.diagnoses.map((finding) => finding.code)).toContain('NAME_NOT_CHECKED');
  });

  it('rejects unreadable CA file', async () => {
    const bytes = await readFile(await writePemBundle(dir, 'no-ca.pem', [leaf, intermediate]));
    const missing = analyzeCertificateFile('no-ca.pem', bytes, {
      caFile: join(dir, 'missing.pem'),
    });
    await expect(missing).rejects.toBeInstanceOf(InvalidOptions);
    await expect(missing).rejects.toThrow(/missing\.pem could not be read \(ENOENT\)/);
  });

  it('turns an unreadable file into a catalog error', async () => {
    await expect(analyzeCertificateFile('notes.txt', Buffer.from('hello'))).rejects.toBeInstanceOf(
      InvalidCertificateFile,
    );
  });
});
