/**
 * Certificate sets for the chain inspector's tests: one PKI with the valid, expired, weak,
 * misordered and otherwise broken chains that sysadmins bring to a TLS session.
 */
import {
  startOpensslServer,
  type OpensslServer,
  type OpensslServerOptions,
} from './openssl-server';
import {
  createKey,
  daysFromNow,
  issueCertificate,
  writePemBundle,
  type IssuedCertificate,
  type KeySpec,
  type PrivateKey,
} from './pki';

/** Host name on the sets' leaves. */
export const CASE_LEAF_NAME = 'mail.chain.test';
/** The address the leaves name as an IP SAN, which openssl s_server listens on. */
export const CASE_LEAF_ADDRESS = '127.0.0.1';
/** CA-issuers address written into the main leaf, for the missing-intermediate finding. */
export const CASE_CA_ISSUERS_URL = 'http://pki.chain.test/ca-1.crt';

/** What a server presents: its leaf and key, and the certificates it sends after the leaf. */
export interface ServedChain {
  readonly leaf: IssuedCertificate;
  readonly keyFile: string;
  /** Sent after the leaf, in this order. */
  readonly rest: readonly IssuedCertificate[];
}

export interface CertificateSets {
  readonly dir: string;
  /** root.pem: the CA file of most cases. */
  readonly caFile: string;
  /** The roots of the cross-signing case: the new root and the expired old one. */
  readonly crossSignCaFile: string;
  readonly root: IssuedCertificate;
  readonly intermediate: IssuedCertificate;
  readonly chains: {
    readonly valid: ServedChain;
    readonly leafOnly: ServedChain;
    readonly expiredLeaf: ServedChain;
    readonly notYetValid: ServedChain;
    readonly selfSigned: ServedChain;
    readonly expiredIntermediate: ServedChain;
    readonly rsa1024: ServedChain;
    readonly ecdsaP256: ServedChain;
    readonly sha1: ServedChain;
    readonly fourIntermediates: ServedChain;
    /** The four-intermediate chain with its middle two swapped. */
    readonly wrongOrder: ServedChain;
    readonly extraUnrelated: ServedChain;
    readonly duplicate: ServedChain;
    readonly rootSent: ServedChain;
    readonly expiresSoon: ServedChain;
    /** Leaf, intermediate and a cross-signed new root whose old root expired. */
    readonly crossSigned: ServedChain;
  };
}

/** Days before expiry at which the "expires soon" leaf stands, inside the 30-day warning. */
const EXPIRES_SOON_DAYS = 10;

/** Writes the chain's certificates after the leaf to a file for `s_server -cert_chain`. */
export async function writeChainFile(
  sets: CertificateSets,
  name: string,
  chain: ServedChain,
): Promise<string | undefined> {
  if (chain.rest.length === 0) {
    return undefined;
  }
  return writePemBundle(sets.dir, `${name}-chain.pem`, chain.rest);
}

/** Serves the chain with `openssl s_server`: its leaf and key, then the rest in order. */
export async function serveChain(
  sets: CertificateSets,
  name: string,
  chain: ServedChain,
  extra: Partial<OpensslServerOptions> = {},
): Promise<OpensslServer> {
  const chainFile = await writeChainFile(sets, name, chain);
  return startOpensslServer({
    certFile: chain.leaf.certFile,
    keyFile: chain.keyFile,
    ...(chainFile === undefined ? {} : { chainFile }),
    ...extra,
  });
}

/** Writes leaf and chain to one PEM file, as a sysadmin's full-chain file would hold them. */
export async function writeFullChainFile(
  sets: CertificateSets,
  name: string,
  chain: ServedChain,
): Promise<string> {
  return writePemBundle(sets.dir, `${name}-full.pem`, [chain.leaf, ...chain.rest]);
}

/** Creates every set in `dir`. Takes a few seconds, mostly for RSA key generation. */
export async function createCertificateSets(dir: string): Promise<CertificateSets> {
  const rsa: KeySpec = { type: 'rsa', bits: 2048 };
  const [caKey, leafKey, weakKey, ecKey, otherKey, crossKey] = await Promise.all([
    createKey(dir, 'ca', rsa),
    createKey(dir, 'leaf', rsa),
    createKey(dir, 'weak', { type: 'rsa', bits: 1024 }),
    createKey(dir, 'ec', { type: 'ec', curve: 'P-256' }),
    createKey(dir, 'other', rsa),
    createKey(dir, 'cross', rsa),
  ]);
  const names = { dns: [CASE_LEAF_NAME], ip: [CASE_LEAF_ADDRESS] };

  const ca = (name: string, commonName: string, issuer?: IssuedCertificate, key = caKey) =>
    issueCertificate(dir, {
      name,
      subject: { commonName, organization: 'Mailtap Chain Test' },
      key,
      isCa: true,
      ...(issuer === undefined ? {} : { issuer }),
    });
  const leaf = (
    name: string,
    issuer: IssuedCertificate | undefined,
    extra: {
      key?: PrivateKey;
      notBefore?: Date;
      notAfter?: Date;
      digest?: 'sha1';
      url?: string;
    } = {},
  ) =>
    issueCertificate(dir, {
      name,
      subject: { commonName: CASE_LEAF_NAME },
      key: extra.key ?? leafKey,
      subjectAltNames: names,
      ...(issuer === undefined ? {} : { issuer }),
      ...(extra.notBefore === undefined ? {} : { notBefore: extra.notBefore }),
      ...(extra.notAfter === undefined ? {} : { notAfter: extra.notAfter }),
      ...(extra.digest === undefined ? {} : { digest: extra.digest }),
      ...(extra.url === undefined ? {} : { aiaCaIssuersUrl: extra.url }),
    });

  const root = await ca('root', 'Chain Test Root');
  const intermediate = await ca('ca-1', 'Chain Test CA 1', root);
  const valid = await leaf('leaf', intermediate, { url: CASE_CA_ISSUERS_URL });
  const expiredIntermediate = await issueCertificate(dir, {
    name: 'ca-expired',
    subject: { commonName: 'Chain Test Expired CA', organization: 'Mailtap Chain Test' },
    key: caKey,
    issuer: root,
    isCa: true,
    notBefore: daysFromNow(-400),
    notAfter: daysFromNow(-3),
  });
  const caA = await ca('ca-a', 'Chain Test CA A', root);
  const caB = await ca('ca-b', 'Chain Test CA B', caA);
  const caC = await ca('ca-c', 'Chain Test CA C', caB);
  const caD = await ca('ca-d', 'Chain Test CA D', caC);
  const deepLeaf = await leaf('leaf-deep', caD);
  const unrelatedRoot = await ca('unrelated-root', 'Unrelated Test Root', undefined, otherKey);
  const unrelated = await ca('unrelated-ca', 'Unrelated Test CA', unrelatedRoot, otherKey);

  // The cross-signing case: an old root that expired, a new root with the same subject and key
  // as its cross-signed copy, and a chain under the new root.
  const oldRoot = await issueCertificate(dir, {
    name: 'old-root',
    subject: { commonName: 'Chain Test Old Root', organization: 'Mailtap Chain Test' },
    key: otherKey,
    isCa: true,
    notBefore: daysFromNow(-3000),
    notAfter: daysFromNow(-5),
  });
  const newRoot = await ca('new-root', 'Chain Test New Root', undefined, crossKey);
  const crossSignedRoot = await ca('new-root-cross', 'Chain Test New Root', oldRoot, crossKey);
  const newIntermediate = await ca('new-ca', 'Chain Test New CA', newRoot);
  const newLeaf = await leaf('leaf-new', newIntermediate);

  const served = (certificate: IssuedCertificate, rest: IssuedCertificate[]): ServedChain => ({
    leaf: certificate,
    keyFile: certificate.key.keyFile,
    rest,
  });

  return {
    dir,
    caFile: root.certFile,
    crossSignCaFile: await writePemBundle(dir, 'cross-sign-roots.pem', [newRoot, oldRoot]),
    root,
    intermediate,
    chains: {
      valid: served(valid, [intermediate]),
      leafOnly: served(valid, []),
      expiredLeaf: served(
        await leaf('leaf-expired', intermediate, {
          notBefore: daysFromNow(-90),
          notAfter: daysFromNow(-2),
        }),
        [intermediate],
      ),
      notYetValid: served(
        await leaf('leaf-future', intermediate, {
          notBefore: daysFromNow(7),
          notAfter: daysFromNow(100),
        }),
        [intermediate],
      ),
      selfSigned: served(await leaf('leaf-self-signed', undefined), []),
      expiredIntermediate: served(await leaf('leaf-under-expired', expiredIntermediate), [
        expiredIntermediate,
      ]),
      rsa1024: served(await leaf('leaf-rsa1024', intermediate, { key: weakKey }), [intermediate]),
      ecdsaP256: served(await leaf('leaf-ec', intermediate, { key: ecKey }), [intermediate]),
      sha1: served(await leaf('leaf-sha1', intermediate, { digest: 'sha1' }), [intermediate]),
      fourIntermediates: served(deepLeaf, [caD, caC, caB, caA]),
      wrongOrder: served(deepLeaf, [caD, caB, caC, caA]),
      extraUnrelated: served(valid, [intermediate, unrelated]),
      duplicate: served(valid, [intermediate, intermediate]),
      rootSent: served(valid, [intermediate, root]),
      expiresSoon: served(
        await leaf('leaf-soon', intermediate, { notAfter: daysFromNow(EXPIRES_SOON_DAYS) }),
        [intermediate],
      ),
      crossSigned: served(newLeaf, [newIntermediate, crossSignedRoot]),
    },
  };
}
