import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  createKey,
  daysFromNow,
  issueCertificate,
  type IssuedCertificate,
  type KeySpec,
} from '../../../e2e/rig/pki';
import type { ServerIdentity } from './fake-mail-server';

/** The name every good fixture certificate carries, besides 127.0.0.1 and ::1. */
export const FIXTURE_HOST = 'mail.mailtap.test';

/** Server identities for TLS tests: one the test CA vouches for, and one of each common fault. */
export interface TlsFixtures {
  /** The trust anchor to pass as caPem. */
  readonly caPem: string;
  /** Leaf for FIXTURE_HOST, localhost, 127.0.0.1 and ::1, sent with its intermediate. */
  readonly valid: ServerIdentity;
  readonly selfSigned: ServerIdentity;
  /** Signed by a root that no client trusts. */
  readonly unknownRoot: ServerIdentity;
  /** Trusted chain, but for `other.mailtap.test` only. */
  readonly wrongHost: ServerIdentity;
  /** Trusted chain, expired yesterday. */
  readonly expired: ServerIdentity;
  /** Like `valid`, with an RSA key, for cipher suites that need one (DHE-RSA). */
  readonly validRsa: ServerIdentity;
  dispose(): Promise<void>;
}

const EC_P256: KeySpec = { type: 'ec', curve: 'P-256' };
const GOOD_NAMES = { dns: [FIXTURE_HOST, 'localhost'], ip: ['127.0.0.1', '::1'] };

function identity(leaf: IssuedCertificate, ...chain: IssuedCertificate[]): ServerIdentity {
  return {
    key: leaf.key.keyPem,
    cert: [leaf, ...chain].map((certificate) => certificate.certPem.trimEnd()).join('\n'),
  };
}

/** Issues the fixture certificates into a temporary folder with `openssl`. */
export async function createTlsFixtures(): Promise<TlsFixtures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-tls-'));
  const key = (name: string) => createKey(dir, name, EC_P256);

  const [rootKey, intermediateKey, otherRootKey] = await Promise.all([
    key('root'),
    key('intermediate'),
    key('other-root'),
  ]);
  const [root, otherRoot] = await Promise.all([
    issueCertificate(dir, {
      name: 'root',
      subject: { commonName: 'Mailtap Fixture Root' },
      key: rootKey,
      isCa: true,
    }),
    issueCertificate(dir, {
      name: 'other-root',
      subject: { commonName: 'Untrusted Fixture Root' },
      key: otherRootKey,
      isCa: true,
    }),
  ]);
  const intermediate = await issueCertificate(dir, {
    name: 'intermediate',
    subject: { commonName: 'Mailtap Fixture Intermediate' },
    key: intermediateKey,
    issuer: root,
    isCa: true,
    pathLength: 0,
  });

  const [validKey, selfKey, unknownKey, wrongKey, expiredKey, rsaKey] = await Promise.all([
    key('valid'),
    key('self-signed'),
    key('unknown-root'),
    key('wrong-host'),
    key('expired'),
    createKey(dir, 'valid-rsa', { type: 'rsa', bits: 2048 }),
  ]);
  const [valid, selfSigned, unknownRoot, wrongHost, expired, validRsa] = await Promise.all([
    issueCertificate(dir, {
      name: 'valid',
      subject: { commonName: FIXTURE_HOST },
      key: validKey,
      issuer: intermediate,
      subjectAltNames: GOOD_NAMES,
    }),
    issueCertificate(dir, {
      name: 'self-signed',
      subject: { commonName: FIXTURE_HOST },
      key: selfKey,
      subjectAltNames: GOOD_NAMES,
    }),
    issueCertificate(dir, {
      name: 'unknown-root',
      subject: { commonName: FIXTURE_HOST },
      key: unknownKey,
      issuer: otherRoot,
      subjectAltNames: GOOD_NAMES,
    }),
    issueCertificate(dir, {
      name: 'wrong-host',
      subject: { commonName: 'other.mailtap.test' },
      key: wrongKey,
      issuer: intermediate,
      subjectAltNames: { dns: ['other.mailtap.test'] },
    }),
    issueCertificate(dir, {
      name: 'expired',
      subject: { commonName: FIXTURE_HOST },
      key: expiredKey,
      issuer: intermediate,
      subjectAltNames: GOOD_NAMES,
      notBefore: daysFromNow(-30),
      notAfter: daysFromNow(-1),
    }),
    issueCertificate(dir, {
      name: 'valid-rsa',
      subject: { commonName: FIXTURE_HOST },
      key: rsaKey,
      issuer: intermediate,
      subjectAltNames: GOOD_NAMES,
    }),
  ]);

  return {
    caPem: root.certPem,
    valid: identity(valid, intermediate),
    selfSigned: identity(selfSigned),
    unknownRoot: identity(unknownRoot, otherRoot),
    wrongHost: identity(wrongHost, intermediate),
    expired: identity(expired, intermediate),
    validRsa: identity(validRsa, intermediate),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
