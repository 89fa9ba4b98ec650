import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { describeLegacyVerification } from '../../../shared/certificates/secondary-verdicts';
import {
  createKey,
  daysFromNow,
  issueCertificate,
  type IssuedCertificate,
  type PrivateKey,
} from '../../../e2e/rig/pki';
import { analyzeChain } from './analyze-chain';
import { buildLegacyPath } from './legacy-path';
import { parseCertificate } from './parse-certificate';
import { buildPath } from './path-builder';
import { buildRootStore } from './root-store';

const LEAF_NAME = 'mail.cross.test';

let dir: string;
let oldRoot: IssuedCertificate;
let newRoot: IssuedCertificate;
let crossSigned: IssuedCertificate;
let intermediate: IssuedCertificate;
let leaf: IssuedCertificate;

function der(certificate: IssuedCertificate): Buffer {
  return new X509Certificate(certificate.certPem).raw;
}

function ca(
  name: string,
  commonName: string,
  key: PrivateKey,
  issuer?: IssuedCertificate,
  validity: { notBefore?: Date; notAfter?: Date } = {},
): Promise<IssuedCertificate> {
  return issueCertificate(dir, {
    name,
    subject: { commonName },
    key,
    isCa: true,
    ...(issuer === undefined ? {} : { issuer }),
    ...validity,
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mailtap-legacy-path-'));
  const [oldKey, newKey, caKey, leafKey] = await Promise.all(
    ['old', 'new', 'ca', 'leaf'].map((name) =>
      createKey(dir, name, { type: 'ec', curve: 'P-256' }),
    ),
  );
  // An old root that expired, a new root, the new root's key and name signed by the old root,
  // an intermediate under the new root, and a leaf: the shape of a cross-signed PKI.
  oldRoot = await ca('old-root', 'Old Root', oldKey!, undefined, {
    notBefore: daysFromNow(-3000),
    notAfter: daysFromNow(-5),
  });
  newRoot = await ca('new-root', 'New Root', newKey!);
  crossSigned = await ca('cross-root', 'New Root', newKey!, oldRoot);
  intermediate = await ca('ca-1', 'Cross CA', caKey!, newRoot);
  leaf = await issueCertificate(dir, {
    name: 'leaf',
    subject: { commonName: LEAF_NAME },
    key: leafKey!,
    issuer: intermediate,
    subjectAltNames: { dns: [LEAF_NAME] },
  });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('legacy path', () => {
  it('follows cross certificate to expired root', async () => {
    const roots = await buildRootStore([newRoot.certPem, oldRoot.certPem]);
    const sent = [leaf, intermediate, crossSigned].map((certificate) =>
      parseCertificate(der(certificate)),
    );
    const now = new Date();

    const modern = buildPath(sent[0]!, sent, roots.anchors, now);
    expect(modern.nodes.map((node) => node.certificate.info.commonName)).toEqual([
      LEAF_NAME,
      'Cross CA',
      'New Root',
    ]);
    expect(modern.issues).toEqual([]);

    const legacy = buildLegacyPath(sent[0]!, sent, roots.anchors, now);
    expect(legacy.nodes.map((node) => node.source)).toEqual(['sent', 'sent', 'sent', 'user-ca']);
    expect(legacy.nodes.at(-1)?.certificate.info.commonName).toBe('Old Root');
    expect(legacy.complete).toBe(true);
    expect(legacy.issues[0]).toEqual({ code: 'CERT_HAS_EXPIRED', depth: 3 });
  });

  it('stops where sent issuers end', async () => {
    const roots = await buildRootStore([newRoot.certPem]);
    const sent = [leaf, intermediate, crossSigned].map((certificate) =>
      parseCertificate(der(certificate)),
    );
    const legacy = buildLegacyPath(sent[0]!, sent, roots.anchors, new Date());
    expect(legacy.complete).toBe(false);
    expect(legacy.issues[0]).toEqual({ code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', depth: 2 });
  });

  it('reports verdict in OpenSSL terms', async () => {
    const report = analyzeChain({
      origin: 'handshake',
      label: 'unit',
      sent: [der(leaf), der(intermediate), der(crossSigned)],
      capture: { method: 'tls12-record', problem: null },
      roots: await buildRootStore([newRoot.certPem, oldRoot.certPem]),
      verifyName: LEAF_NAME,
      runtimeError: null,
    });
    expect(report.trusted).toBe(true);
    expect(report.legacyVerification?.error).toMatchObject({
      code: 'CERT_HAS_EXPIRED',
      number: 10,
      description: 'certificate has expired',
      depth: 3,
    });
    const expired = report.certificates[report.legacyVerification!.error!.certificate]!;
    expect(expired.commonName).toBe('Old Root');
    expect(describeLegacyVerification(report)).toBe(
      `Legacy clients (OpenSSL 1.0.x, old GnuTLS): would fail: certificate has expired (error 10 at depth 3, "Old Root", expired on ${expired.notAfter.slice(0, 10)}).`,
    );
    // The old root is listed for the legacy path without joining the main path.
    expect(report.path.map((step) => report.certificates[step.certificate]!.commonName)).toEqual([
      LEAF_NAME,
      'Cross CA',
      'New Root',
    ]);
  });

  it('passes chain without cross certificate', async () => {
    const report = analyzeChain({
      origin: 'handshake',
      label: 'unit',
      sent: [der(leaf), der(intermediate)],
      capture: { method: 'tls12-record', problem: null },
      roots: await buildRootStore([newRoot.certPem, oldRoot.certPem]),
      verifyName: LEAF_NAME,
      runtimeError: null,
    });
    expect(report.legacyVerification?.error).toBeNull();
    expect(report.legacyVerification?.pathComplete).toBe(true);
    expect(describeLegacyVerification(report)).toBe(
      'Legacy clients (OpenSSL 1.0.x, old GnuTLS): would pass: the sent chain leads to the trusted root "New Root".',
    );
  });

  it('omits verdict without readable leaf', async () => {
    const report = analyzeChain({
      origin: 'file',
      label: 'unit',
      sent: [],
      capture: { method: 'file', problem: null },
      roots: await buildRootStore([]),
      verifyName: null,
      runtimeError: null,
    });
    expect(report.legacyVerification).toBeNull();
  });
});
