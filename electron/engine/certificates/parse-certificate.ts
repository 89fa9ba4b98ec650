// tsyringe, which @peculiar/x509 uses internally, needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';

import { AsnConvert, OctetString } from '@peculiar/asn1-schema';
import { Certificate } from '@peculiar/asn1-x509';
import * as x509 from '@peculiar/x509';
import { createHash, X509Certificate as NodeX509Certificate } from 'node:crypto';

import type {
  AlternativeName,
  CertificateInfo,
  PublicKeySummary,
} from '../../../shared/certificates/model';

/** A certificate parsed twice: OpenSSL's view for verification, the library's for the facts. */
export interface ParsedCertificate {
  readonly der: Buffer;
  readonly node: NodeX509Certificate;
  readonly info: CertificateInfo;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

export class CertificateParseError extends Error {}

/** Signature algorithm OIDs by OpenSSL's name and the hash they use. */
const SIGNATURE_ALGORITHMS: Readonly<Record<string, { name: string; hash: string | null }>> = {
  '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'MD2' },
  '1.2.840.113549.1.1.3': { name: 'md4WithRSAEncryption', hash: 'MD4' },
  '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'MD5' },
  '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'SHA-1' },
  '1.2.840.113549.1.1.10': { name: 'rsassaPss', hash: null },
  '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'SHA-256' },
  '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'SHA-384' },
  '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'SHA-512' },
  '1.2.840.113549.1.1.14': { name: 'sha224WithRSAEncryption', hash: 'SHA-224' },
  '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'SHA-1' },
  '1.2.840.10045.4.3.1': { name: 'ecdsa-with-SHA224', hash: 'SHA-224' },
  '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'SHA-256' },
  '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'SHA-384' },
  '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'SHA-512' },
  '1.2.840.10040.4.3': { name: 'dsa_with_SHA1', hash: 'SHA-1' },
  '2.16.840.1.101.3.4.3.2': { name: 'dsa_with_SHA256', hash: 'SHA-256' },
  '1.3.101.112': { name: 'ED25519', hash: null },
  '1.3.101.113': { name: 'ED448', hash: null },
};

const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
  '2.5.29.37.0': 'anyExtendedKeyUsage',
};

/** Key usage bits in the order of RFC 5280, section 4.2.1.3, with the library's flag values. */
const KEY_USAGES: readonly [x509.KeyUsageFlags, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

/** CA/Browser Forum policy OIDs and anyPolicy. */
const POLICY_NAMES: Readonly<Record<string, string>> = {
  '2.23.140.1.1': 'extended validation',
  '2.23.140.1.2.1': 'domain validated',
  '2.23.140.1.2.2': 'organization validated',
  '2.23.140.1.2.3': 'individual validated',
  '2.5.29.32.0': 'any policy',
};

/** OpenSSL's curve names (from Node's key details) by their NIST names. */
const CURVE_NAMES: Readonly<Record<string, { name: string; bits: number }>> = {
  prime256v1: { name: 'P-256', bits: 256 },
  secp384r1: { name: 'P-384', bits: 384 },
  secp521r1: { name: 'P-521', bits: 521 },
  secp224r1: { name: 'P-224', bits: 224 },
  prime192v1: { name: 'P-192', bits: 192 },
  secp256k1: { name: 'secp256k1', bits: 256 },
};

const SCT_LIST_OID = '1.3.6.1.4.1.11129.2.4.2';

function colonHex(bytes: Buffer): string {
  return bytes.toString('hex').toUpperCase().match(/.{2}/g)?.join(':') ?? '';
}

function describePublicKey(certificate: NodeX509Certificate): PublicKeySummary {
  const key = certificate.publicKey;
  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  switch (type) {
    case 'rsa':
    case 'rsa-pss':
      return {
        algorithm: type === 'rsa' ? 'RSA' : 'RSA-PSS',
        bits: details.modulusLength ?? null,
        curve: null,
      };
    case 'dsa':
      return { algorithm: 'DSA', bits: details.modulusLength ?? null, curve: null };
    case 'ec': {
      const curve = details.namedCurve ?? '';
      const known = CURVE_NAMES[curve];
      return { algorithm: 'EC', bits: known?.bits ?? null, curve: known?.name ?? (curve || null) };
    }
    case 'ed25519':
      return { algorithm: 'Ed25519', bits: 256, curve: null };
    case 'ed448':
      return { algorithm: 'Ed448', bits: 456, curve: null };
    default:
      return { algorithm: type, bits: null, curve: null };
  }
}

function alternativeNames(certificate: x509.X509Certificate): AlternativeName[] {
  const extension = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  if (extension === null) {
    return [];
  }
  return extension.names.items.map((name) => {
    switch (name.type) {
      case 'dns':
        return { type: 'dns', value: name.value };
      case 'ip':
        return { type: 'ip', value: name.value };
      case 'email':
        return { type: 'email', value: name.value };
      case 'url':
        return { type: 'uri', value: name.value };
      default:
        return { type: 'other', value: `${name.type}:${name.value}` };
    }
  });
}

function uris(names: readonly x509.GeneralName[]): string[] {
  return names.filter((name) => name.type === 'url').map((name) => name.value);
}

function crlDistributionPoints(certificate: x509.X509Certificate): string[] {
  const extension = certificate.getExtension(x509.CRLDistributionPointsExtension);
  if (extension === null) {
    return [];
  }
  return extension.distributionPoints.flatMap((point) =>
    (point.distributionPoint?.fullName ?? []).flatMap((name) =>
      name.uniformResourceIdentifier === undefined ? [] : [name.uniformResourceIdentifier],
    ),
  );
}

/**
 * Counts the SCTs of the embedded list. The extension value is a DER OCTET STRING around a TLS
 * encoded list (RFC 6962, section 3.3): a 2-byte total length, then entries with 2-byte lengths.
 */
function embeddedSctCount(certificate: x509.X509Certificate): number {
  const extension = certificate.getExtension(SCT_LIST_OID);
  if (extension === null) {
    return 0;
  }
  const list = Buffer.from(AsnConvert.parse(extension.value, OctetString).buffer);
  if (list.length < 2) {
    return 0;
  }
  const end = Math.min(list.length, 2 + list.readUInt16BE(0));
  let count = 0;
  for (let offset = 2; offset + 2 <= end; count++) {
    offset += 2 + list.readUInt16BE(offset);
  }
  return count;
}

function keyUsage(certificate: x509.X509Certificate): string[] | null {
  const extension = certificate.getExtension(x509.KeyUsagesExtension);
  if (extension === null) {
    return null;
  }
  return KEY_USAGES.filter(([flag]) => (extension.usages & flag) !== 0).map(([, name]) => name);
}

function extendedKeyUsage(certificate: x509.X509Certificate): string[] | null {
  const extension = certificate.getExtension(x509.ExtendedKeyUsageExtension);
  if (extension === null) {
    return null;
  }
  return extension.usages.map((usage) => EXTENDED_KEY_USAGES[String(usage)] ?? String(usage));
}

function signatureAlgorithm(der: Buffer, parsed: x509.X509Certificate) {
  const oid = AsnConvert.parse(der, Certificate).signatureAlgorithm.algorithm;
  const known = SIGNATURE_ALGORITHMS[oid];
  const libraryHash = (parsed.signatureAlgorithm as { hash?: { name?: string } }).hash?.name;
  return {
    name: known?.name ?? oid,
    hash: known?.hash ?? libraryHash ?? null,
  };
}

/** Parses one DER certificate. Throws CertificateParseError with the library's reason. */
export function parseCertificate(der: Buffer): ParsedCertificate {
  let node: NodeX509Certificate;
  let parsed: x509.X509Certificate;
  try {
    node = new NodeX509Certificate(der);
    // The library wants memory that is an ArrayBuffer, which a pooled Buffer's may not be.
    parsed = new x509.X509Certificate(new Uint8Array(der));
  } catch (error) {
    throw new CertificateParseError(error instanceof Error ? error.message : String(error));
  }

  try {
    const basic = parsed.getExtension(x509.BasicConstraintsExtension);
    const access = parsed.getExtension(x509.AuthorityInfoAccessExtension);
    const policies = parsed.getExtension(x509.CertificatePolicyExtension)?.policies ?? [];
    const signature = signatureAlgorithm(der, parsed);
    const selfIssued = parsed.subject === parsed.issuer;
    const info: CertificateInfo = {
      subject: parsed.subject,
      issuer: parsed.issuer,
      commonName: parsed.subjectName.getField('CN')[0] ?? null,
      serialNumber: parsed.serialNumber.toUpperCase(),
      notBefore: parsed.notBefore.toISOString(),
      notAfter: parsed.notAfter.toISOString(),
      subjectAltNames: alternativeNames(parsed),
      publicKey: describePublicKey(node),
      signatureAlgorithm: signature.name,
      signatureHash: signature.hash,
      sha256Fingerprint: colonHex(createHash('sha256').update(der).digest()),
      sha1Fingerprint: colonHex(createHash('sha1').update(der).digest()),
      keyUsage: keyUsage(parsed),
      extendedKeyUsage: extendedKeyUsage(parsed),
      basicConstraints:
        basic === null ? null : { ca: basic.ca, pathLength: basic.pathLength ?? null },
      ocspUrls: access === null ? [] : uris(access.ocsp),
      caIssuersUrls: access === null ? [] : uris(access.caIssuers),
      crlDistributionPoints: crlDistributionPoints(parsed),
      embeddedSctCount: embeddedSctCount(parsed),
      policies: policies.map((oid) =>
        POLICY_NAMES[oid] === undefined ? oid : `${oid} (${POLICY_NAMES[oid]})`,
      ),
      selfIssued,
      selfSigned: selfIssued && verifiesWith(node, node),
      pem: node.toString(),
    };
    return { der, node, info, notBefore: parsed.notBefore, notAfter: parsed.notAfter };
  } catch (error) {
    throw new CertificateParseError(error instanceof Error ? error.message : String(error));
  }
}

/** Returns true when `issuer`'s key verifies the signature on `certificate`. */
export function verifiesWith(
  certificate: NodeX509Certificate,
  issuer: NodeX509Certificate,
): boolean {
  try {
    return certificate.verify(issuer.publicKey);
  } catch {
    // OpenSSL throws for a key type that cannot verify this signature algorithm.
    return false;
  }
}
