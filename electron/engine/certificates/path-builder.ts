import type { PathSource } from '../../../shared/certificates/model';
import { parseCertificate, verifiesWith, type ParsedCertificate } from './parse-certificate';
import type { TrustAnchor } from './root-store';

/**
 * Longest path the builder follows before it gives up. Real chains have at most four or five
 * certificates; the cap only stops a hostile server that sends hundreds of cross-signed ones.
 */
export const MAX_PATH_CERTIFICATES = 32;

/**
 * Minimum key sizes of OpenSSL security level 2, the default of Debian, Ubuntu and RHEL builds
 * and so of `openssl s_client` on them: 112 bits of security, which is RSA and DSA at 2048
 * bits and elliptic curves at 224 bits.
 */
export const MIN_RSA_BITS = 2048;
export const MIN_EC_BITS = 224;

/** Signature hashes that OpenSSL 3 rejects at security level 1 and above. */
const WEAK_HASHES: ReadonlySet<string> = new Set(['MD2', 'MD4', 'MD5', 'SHA-1']);

const SERVER_AUTH_USAGES: ReadonlySet<string> = new Set(['serverAuth', 'anyExtendedKeyUsage']);

/** OpenSSL's verification errors (X509_V_ERR_*) that the builder reports, without the prefix. */
export type VerifyErrorCode =
  | 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  | 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  | 'DEPTH_ZERO_SELF_SIGNED_CERT'
  | 'SELF_SIGNED_CERT_IN_CHAIN'
  | 'CERT_CHAIN_TOO_LONG'
  | 'CERT_HAS_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_SIGNATURE_FAILURE'
  | 'INVALID_CA'
  | 'KEYUSAGE_NO_CERTSIGN'
  | 'PATH_LENGTH_EXCEEDED'
  | 'INVALID_PURPOSE'
  | 'EE_KEY_TOO_SMALL'
  | 'CA_KEY_TOO_SMALL'
  | 'CA_MD_TOO_WEAK';

export interface VerifyIssue {
  readonly code: VerifyErrorCode;
  /** Position in the path, 0 for the leaf. */
  readonly depth: number;
}

export interface PathNode {
  readonly certificate: ParsedCertificate;
  readonly source: PathSource;
}

export interface BuiltPath {
  readonly nodes: readonly PathNode[];
  /** True when the path ends at a self-signed trust anchor. */
  readonly complete: boolean;
  /** Every problem found, in the order OpenSSL checks them; empty when the path verifies. */
  readonly issues: readonly VerifyIssue[];
}

/** A certificate that may issue the current one: sent by the server or a trust anchor. */
export interface Candidate {
  readonly certificate: () => ParsedCertificate;
  readonly fingerprint: string;
  readonly source: PathSource;
  readonly node: ParsedCertificate['node'];
}

export function sentCandidate(certificate: ParsedCertificate): Candidate {
  return {
    certificate: () => certificate,
    fingerprint: certificate.info.sha256Fingerprint,
    source: 'sent',
    node: certificate.node,
  };
}

export function anchorCandidate(anchor: TrustAnchor): Candidate {
  let parsed: ParsedCertificate | null = null;
  return {
    // Parsing every root of the store for each chain costs about a millisecond per root, so only
    // the anchors that a path uses are parsed.
    certificate: () => (parsed ??= parseCertificate(anchor.certificate.raw)),
    fingerprint: anchor.certificate.fingerprint256,
    source: anchor.source,
    node: anchor.certificate,
  };
}

function isTimeValid(node: ParsedCertificate['node'], now: Date): boolean {
  return new Date(node.validFrom) <= now && now <= new Date(node.validTo);
}

/**
 * Picks the issuer of `subject` among the candidates the way OpenSSL does: names and key
 * identifiers must match, and among several matches one whose signature verifies and that is
 * valid now wins. Certificates already on the path are skipped, so a self-issued certificate
 * that names itself as its issuer cannot make the builder loop.
 */
export function findIssuer(
  subject: ParsedCertificate,
  candidates: readonly Candidate[],
  visited: ReadonlySet<string>,
  now: Date,
): Candidate | null {
  const matches = candidates.filter(
    (candidate) => !visited.has(candidate.fingerprint) && subject.node.checkIssued(candidate.node),
  );
  const verified = matches.filter((candidate) => verifiesWith(subject.node, candidate.node));
  return (
    verified.find((candidate) => isTimeValid(candidate.node, now)) ??
    verified[0] ??
    matches[0] ??
    null
  );
}

function keyTooSmall(certificate: ParsedCertificate): boolean {
  const { algorithm, bits } = certificate.info.publicKey;
  if (bits === null) {
    return false;
  }
  if (algorithm === 'RSA' || algorithm === 'RSA-PSS' || algorithm === 'DSA') {
    return bits < MIN_RSA_BITS;
  }
  return algorithm === 'EC' && bits < MIN_EC_BITS;
}

function checkCaConstraints(nodes: readonly PathNode[], issues: VerifyIssue[]): void {
  let intermediatesBelow = 0;
  for (let depth = 1; depth < nodes.length; depth++) {
    const { info } = nodes[depth]!.certificate;
    const isTop = depth === nodes.length - 1;
    // An X.509 v1 self-signed root has no extensions at all, and OpenSSL accepts it as a CA.
    const v1Root = isTop && info.selfSigned && info.basicConstraints === null;
    if (info.basicConstraints?.ca !== true && !v1Root) {
      issues.push({ code: 'INVALID_CA', depth });
    } else if (info.keyUsage !== null && !info.keyUsage.includes('keyCertSign')) {
      issues.push({ code: 'KEYUSAGE_NO_CERTSIGN', depth });
    }
    const pathLength = info.basicConstraints?.pathLength ?? null;
    if (pathLength !== null && intermediatesBelow > pathLength) {
      issues.push({ code: 'PATH_LENGTH_EXCEEDED', depth });
    }
    if (!info.selfIssued) {
      intermediatesBelow++;
    }
  }
}

function checkPurpose(nodes: readonly PathNode[], issues: VerifyIssue[], complete: boolean): void {
  // The trust anchor's own usage list is not checked, like OpenSSL's default trust setting.
  const checked = complete ? nodes.length - 1 : nodes.length;
  for (let depth = 0; depth < checked; depth++) {
    const usages = nodes[depth]!.certificate.info.extendedKeyUsage;
    if (usages !== null && !usages.some((usage) => SERVER_AUTH_USAGES.has(usage))) {
      issues.push({ code: 'INVALID_PURPOSE', depth });
    }
  }
}

function checkSecurityLevel(nodes: readonly PathNode[], issues: VerifyIssue[]): void {
  nodes.forEach(({ certificate }, depth) => {
    if (keyTooSmall(certificate)) {
      issues.push({ code: depth === 0 ? 'EE_KEY_TOO_SMALL' : 'CA_KEY_TOO_SMALL', depth });
    }
    // The self-signature of a root proves nothing, so OpenSSL does not judge its hash.
    const hash = certificate.info.signatureHash;
    if (!certificate.info.selfSigned && hash !== null && WEAK_HASHES.has(hash)) {
      issues.push({ code: 'CA_MD_TOO_WEAK', depth });
    }
  });
}

function checkSignaturesAndTimes(
  nodes: readonly PathNode[],
  issues: VerifyIssue[],
  now: Date,
): void {
  // OpenSSL walks from the anchor down to the leaf here.
  for (let depth = nodes.length - 1; depth >= 0; depth--) {
    const { certificate } = nodes[depth]!;
    const issuer = nodes[depth + 1]?.certificate;
    if (issuer !== undefined && !verifiesWith(certificate.node, issuer.node)) {
      issues.push({ code: 'CERT_SIGNATURE_FAILURE', depth });
    }
    if (now < certificate.notBefore) {
      issues.push({ code: 'CERT_NOT_YET_VALID', depth });
    } else if (now > certificate.notAfter) {
      issues.push({ code: 'CERT_HAS_EXPIRED', depth });
    }
  }
}

/** Picks the issuer of `current` among certificates not `visited` yet, or returns null. */
export type IssuerChoice = (
  current: ParsedCertificate,
  visited: ReadonlySet<string>,
) => Candidate | null;

/**
 * Walks from the leaf upward, taking each issuer from `chooseIssuer`, and stops at a
 * self-signed certificate, at a missing issuer or at the length cap. The path is complete only
 * at a self-signed trust anchor (no partial chains). Returns the issues of the walk itself.
 */
export function walkPath(
  leaf: ParsedCertificate,
  anchorCandidates: readonly Candidate[],
  chooseIssuer: IssuerChoice,
): BuiltPath & { issues: VerifyIssue[] } {
  const anchorFingerprints = new Set(anchorCandidates.map((candidate) => candidate.fingerprint));
  const leafAnchor = anchorCandidates.find(
    (candidate) => candidate.fingerprint === leaf.info.sha256Fingerprint,
  );
  const nodes: PathNode[] = [{ certificate: leaf, source: leafAnchor?.source ?? 'sent' }];
  const visited = new Set([leaf.info.sha256Fingerprint]);
  const issues: VerifyIssue[] = [];
  let complete = false;

  while (!complete) {
    const current = nodes.at(-1)!.certificate;
    const depth = nodes.length - 1;
    if (current.info.selfSigned) {
      complete = anchorFingerprints.has(current.info.sha256Fingerprint);
      if (!complete) {
        issues.push({
          code: depth === 0 ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : 'SELF_SIGNED_CERT_IN_CHAIN',
          depth,
        });
      }
      break;
    }
    if (nodes.length >= MAX_PATH_CERTIFICATES) {
      issues.push({ code: 'CERT_CHAIN_TOO_LONG', depth });
      break;
    }
    const issuer = chooseIssuer(current, visited);
    if (issuer === null) {
      issues.push({
        code: depth === 0 ? 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' : 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
        depth,
      });
      break;
    }
    visited.add(issuer.fingerprint);
    nodes.push({ certificate: issuer.certificate(), source: issuer.source });
  }
  return { nodes, complete, issues };
}

/**
 * Builds the path from the leaf to a trust anchor as OpenSSL 3 does by default: trusted
 * certificates first at every step, then the ones the server sent. Then checks it: CA
 * constraints, the serverAuth purpose, security level 2, signatures and validity times.
 *
 * NOTE: revocation (CRL, OCSP) and name constraints are not checked, and nothing is fetched
 * through AIA, which matches what mail clients do by default.
 */
export function buildPath(
  leaf: ParsedCertificate,
  sent: readonly ParsedCertificate[],
  anchors: readonly TrustAnchor[],
  now: Date,
): BuiltPath {
  const anchorCandidates = anchors.map(anchorCandidate);
  const sentCandidates = sent.map(sentCandidate);
  const built = walkPath(
    leaf,
    anchorCandidates,
    (current, visited) =>
      findIssuer(current, anchorCandidates, visited, now) ??
      findIssuer(current, sentCandidates, visited, now),
  );
  checkPath(built.nodes, built.complete, now, built.issues, { securityLevel: true });
  return built;
}

/**
 * Runs OpenSSL's checks on a built path in OpenSSL's order, appending to `issues`: CA
 * constraints, the serverAuth purpose, security level 2 when asked, signatures and validity.
 */
export function checkPath(
  nodes: readonly PathNode[],
  complete: boolean,
  now: Date,
  issues: VerifyIssue[],
  options: { readonly securityLevel: boolean },
): void {
  checkCaConstraints(nodes, issues);
  checkPurpose(nodes, issues, complete);
  if (options.securityLevel) {
    checkSecurityLevel(nodes, issues);
  }
  checkSignaturesAndTimes(nodes, issues, now);
}
