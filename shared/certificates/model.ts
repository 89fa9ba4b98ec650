import type { DiagnosisCode, DiagnosisSeverity } from './diagnosis-catalog';

/** A subject alternative name as it appears in the certificate. */
export interface AlternativeName {
  readonly type: 'dns' | 'ip' | 'email' | 'uri' | 'other';
  readonly value: string;
}

export interface PublicKeySummary {
  /** `RSA`, `EC`, `Ed25519`, `Ed448`, `DSA`, or the algorithm's OID when it is unknown. */
  readonly algorithm: string;
  /** Key size in bits: the RSA modulus or the curve's field size; null when unknown. */
  readonly bits: number | null;
  /** Named curve of an EC key, e.g. `P-256`; null for other keys. */
  readonly curve: string | null;
}

export interface BasicConstraints {
  readonly ca: boolean;
  /** The pathLenConstraint, or null when the certificate sets none. */
  readonly pathLength: number | null;
}

/** The parsed facts of one certificate, as plain data that crosses IPC unchanged. */
export interface CertificateInfo {
  /** One-line distinguished names in the order they are encoded, e.g. `O=Example, CN=mail.example.com`. */
  readonly subject: string;
  readonly issuer: string;
  /** The subject's common name, or null when it has none; the diagram labels boxes with it. */
  readonly commonName: string | null;
  /** Serial number in upper-case hex without separators. */
  readonly serialNumber: string;
  /** Validity bounds as ISO 8601 instants. */
  readonly notBefore: string;
  readonly notAfter: string;
  readonly subjectAltNames: readonly AlternativeName[];
  readonly publicKey: PublicKeySummary;
  /** Signature algorithm as OpenSSL names it, e.g. `sha256WithRSAEncryption`. */
  readonly signatureAlgorithm: string;
  /** Hash of the signature, e.g. `SHA-256`, `SHA-1`; null for hash-less schemes such as Ed25519. */
  readonly signatureHash: string | null;
  /** Fingerprints of the DER encoding as colon-separated upper-case hex. */
  readonly sha256Fingerprint: string;
  readonly sha1Fingerprint: string;
  /** Key usage bits by their RFC 5280 names; null when the extension is absent. */
  readonly keyUsage: readonly string[] | null;
  /** Extended key usages by name (`serverAuth`) or OID; null when the extension is absent. */
  readonly extendedKeyUsage: readonly string[] | null;
  /** Null when the extension is absent. */
  readonly basicConstraints: BasicConstraints | null;
  /** Authority Information Access: OCSP responders and CA-issuers download addresses. */
  readonly ocspUrls: readonly string[];
  readonly caIssuersUrls: readonly string[];
  readonly crlDistributionPoints: readonly string[];
  /** Signed certificate timestamps embedded in the certificate (RFC 6962, section 3.3). */
  readonly embeddedSctCount: number;
  /** Certificate policy OIDs, with a well-known name in brackets where there is one. */
  readonly policies: readonly string[];
  /** Subject equals issuer. */
  readonly selfIssued: boolean;
  /** Self-issued and its signature verifies with its own key. */
  readonly selfSigned: boolean;
  /** The certificate in PEM, for copying and saving. */
  readonly pem: string;
}

/** The origin of a certificate of the verified path. */
export type PathSource = 'sent' | 'system-roots' | 'user-ca';

export interface PathStep {
  /** Index into `ChainReport.certificates`. */
  readonly certificate: number;
  readonly source: PathSource;
}

/** The origin of the trust anchors, which the inspector states so that results can be reproduced. */
export type RootStoreSource = 'system-api' | 'system-bundle' | 'runtime-bundled';

export interface RootStoreInfo {
  readonly source: RootStoreSource;
  /** The bundle file read, for `system-bundle`; null otherwise. */
  readonly path: string | null;
  readonly systemCount: number;
  /** Anchors from the user's CA file or PEM. */
  readonly userCount: number;
}

/** The method that obtained the certificates of `sentOrder`. */
export type CaptureMethod =
  /** Read from the plaintext Certificate message of a TLS 1.2 or older handshake. */
  | 'tls12-record'
  /** Read from the TLS 1.3 Certificate message, decrypted with the handshake traffic secret. */
  | 'tls13-decrypted'
  /** Taken from the TLS library after the handshake: order, duplicates and extras are lost. */
  | 'runtime'
  /** Read from a certificate file the user opened. */
  | 'file';

export interface CaptureInfo {
  readonly method: CaptureMethod;
  /** The reason the faithful methods did not apply, when `method` is `runtime`. */
  readonly problem: string | null;
}

/** One finding of the analysis, from the catalog in `diagnosis-catalog.ts`. */
export interface Diagnosis {
  readonly code: DiagnosisCode;
  readonly severity: DiagnosisSeverity;
  /** A plain-words sentence naming the certificates and values involved. */
  readonly text: string;
  /** Indices into `ChainReport.certificates` that carry this finding as a badge. */
  readonly certificates: readonly number[];
}

/** The certificate that the verifier needed next and could not find anywhere. */
export interface MissingIssuer {
  /** Distinguished name of the missing issuer. */
  readonly name: string;
  /** CA-issuers addresses from the certificate it would have issued. */
  readonly caIssuersUrls: readonly string[];
  /** Index into `ChainReport.certificates` of the certificate whose issuer is missing. */
  readonly issuedCertificate: number;
}

/** The first error of a verification, in OpenSSL's terms, as `openssl verify` prints it. */
export interface VerifyErrorInfo {
  /** OpenSSL's name without the `X509_V_ERR_` prefix, e.g. `CERT_HAS_EXPIRED`. */
  readonly code: string;
  /** OpenSSL's number, e.g. 10, which OpenSSL prints as `error 10`. */
  readonly number: number;
  /** OpenSSL's text, e.g. `certificate has expired`. */
  readonly description: string;
  /** Position in the path, 0 for the leaf. */
  readonly depth: number;
  /** Index into `ChainReport.certificates`. */
  readonly certificate: number;
}

/**
 * The verdict of a client that follows the chain as sent, as OpenSSL 1.0.x and old GnuTLS do.
 * Such a client takes each issuer from the sent certificates first and looks in its trust store
 * only when they run out, so it never finds a shorter path to another trusted root. The verdict
 * applies no security level, because those clients predate them, and checks no host name.
 */
export interface LegacyVerification {
  /** The path such a client builds, leaf first. */
  readonly path: readonly PathStep[];
  readonly pathComplete: boolean;
  /** The first error, or null when such a client accepts the chain. */
  readonly error: VerifyErrorInfo | null;
}

/** Extra checks for a certificate file opened without a connection. */
export interface CertificateFileCheck {
  /** Host name or IP address the leaf must match; no name check without it. */
  readonly verifyName?: string;
  /** Path of a PEM file of extra trust anchors on the machine that runs the engine. */
  readonly caFile?: string;
  /** Extra trust anchors in PEM, e.g. from a file chosen in the window. */
  readonly caPem?: string;
}

/** The analysis of one chain, which explains why a client accepts or rejects it. */
export interface ChainReport {
  /** A TLS handshake of a session, or a file the user opened. */
  readonly origin: 'handshake' | 'file';
  /** File name for `file`, or `host:port` for a handshake. */
  readonly label: string;
  /** Each distinct certificate once; the other fields point into this list. */
  readonly certificates: readonly CertificateInfo[];
  /** Indices into `certificates`, in the order the server sent them; a duplicate repeats. */
  readonly sentOrder: readonly number[];
  readonly capture: CaptureInfo;
  /** The path the verifier built, leaf first; it ends at a trust anchor only when complete. */
  readonly path: readonly PathStep[];
  readonly pathComplete: boolean;
  readonly missingIssuer: MissingIssuer | null;
  /** The host name or IP address checked, or null when nothing was checked (files). */
  readonly verifyName: string | null;
  /** Null when no name was checked. */
  readonly nameMatched: boolean | null;
  /** True when the path verified to a trust anchor, the name matched, and the TLS library agreed. */
  readonly trusted: boolean;
  /** The path verifier's first error in OpenSSL's spelling, e.g. `CERT_HAS_EXPIRED`. */
  readonly verifierError: string | null;
  /** The error of the TLS library that ran the handshake, or null when it accepted the chain. */
  readonly runtimeError: string | null;
  readonly roots: RootStoreInfo;
  /**
   * The verdict of clients that follow the sent chain, shown beside the main verdict; null when
   * no leaf could be read.
   */
  readonly legacyVerification: LegacyVerification | null;
  /** The one sentence that answers the question; the most severe finding, or the trusted verdict. */
  readonly headline: Diagnosis;
  readonly diagnoses: readonly Diagnosis[];
  /** The instant the validity checks used, as ISO 8601. */
  readonly checkedAt: string;
}

/** The headline as the session snapshot carries it, small enough for every state change. */
export interface ChainHeadline {
  readonly code: DiagnosisCode;
  readonly severity: DiagnosisSeverity;
  readonly text: string;
  /** A few words for tight places such as the session tab, e.g. `expired`. */
  readonly shortText: string;
}
