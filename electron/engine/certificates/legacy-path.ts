import type { LegacyVerification, VerifyErrorInfo } from '../../../shared/certificates/model';
import type { ParsedCertificate } from './parse-certificate';
import {
  anchorCandidate,
  checkPath,
  findIssuer,
  sentCandidate,
  walkPath,
  type BuiltPath,
  type VerifyErrorCode,
} from './path-builder';
import type { TrustAnchor } from './root-store';

/**
 * OpenSSL's number and text of each verification error, as OpenSSL 1.0.2 prints them
 * (`error 10 at 3 depth lookup: certificate has expired`). OpenSSL 3.0 renumbered INVALID_CA
 * to 79 and spells "self-signed" with a hyphen; the last three codes came with OpenSSL 1.1.0.
 */
const OPENSSL_VERIFY_ERRORS: Readonly<
  Record<VerifyErrorCode, { readonly number: number; readonly description: string }>
> = {
  CERT_SIGNATURE_FAILURE: { number: 7, description: 'certificate signature failure' },
  CERT_NOT_YET_VALID: { number: 9, description: 'certificate is not yet valid' },
  CERT_HAS_EXPIRED: { number: 10, description: 'certificate has expired' },
  DEPTH_ZERO_SELF_SIGNED_CERT: { number: 18, description: 'self signed certificate' },
  SELF_SIGNED_CERT_IN_CHAIN: {
    number: 19,
    description: 'self signed certificate in certificate chain',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    number: 20,
    description: 'unable to get local issuer certificate',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    number: 21,
    description: 'unable to verify the first certificate',
  },
  CERT_CHAIN_TOO_LONG: { number: 22, description: 'certificate chain too long' },
  INVALID_CA: { number: 24, description: 'invalid CA certificate' },
  PATH_LENGTH_EXCEEDED: { number: 25, description: 'path length constraint exceeded' },
  INVALID_PURPOSE: { number: 26, description: 'unsupported certificate purpose' },
  KEYUSAGE_NO_CERTSIGN: {
    number: 32,
    description: 'key usage does not include certificate signing',
  },
  EE_KEY_TOO_SMALL: { number: 66, description: 'EE certificate key too weak' },
  CA_KEY_TOO_SMALL: { number: 67, description: 'CA certificate key too weak' },
  CA_MD_TOO_WEAK: { number: 68, description: 'CA signature digest algorithm too weak' },
};

/**
 * Builds the path the way OpenSSL 1.0.x does: it follows the sent certificates as far as they
 * lead, and only then looks in the trust store, and from there on only in the store. So it
 * never finds a shorter path from a sent intermediate to another trusted root, which is what
 * made these clients fail on a cross-signed root whose old root had expired. It applies no
 * security level, because OpenSSL 1.0.x had none.
 *
 * NOTE: from 1.0.1n and 1.0.2b, OpenSSL tries an alternative chain when the first one fails
 * to reach a trusted certificate (OpenSSL security advisory of 9 July 2015). That retry is not
 * imitated, so for such a chain this is the verdict of older releases.
 */
export function buildLegacyPath(
  leaf: ParsedCertificate,
  sent: readonly ParsedCertificate[],
  anchors: readonly TrustAnchor[],
  now: Date,
): BuiltPath {
  const sentCandidates = sent.map(sentCandidate);
  const anchorCandidates = anchors.map(anchorCandidate);
  let inStore = false;
  const built = walkPath(leaf, anchorCandidates, (current, visited) => {
    const issuer =
      (inStore ? null : findIssuer(current, sentCandidates, visited, now)) ??
      findIssuer(current, anchorCandidates, visited, now);
    inStore ||= issuer !== null && issuer.source !== 'sent';
    return issuer;
  });
  checkPath(built.nodes, built.complete, now, built.issues, { securityLevel: false });
  return built;
}

/**
 * Turns a legacy path into the report's form. `indexOf` returns a certificate's index in the
 * report, adding it when the report does not list it yet.
 */
export function toLegacyVerification(
  built: BuiltPath,
  indexOf: (certificate: ParsedCertificate) => number,
): LegacyVerification {
  const path = built.nodes.map((node) => ({
    certificate: indexOf(node.certificate),
    source: node.source,
  }));
  const first = built.issues[0];
  let error: VerifyErrorInfo | null = null;
  if (first !== undefined) {
    error = {
      code: first.code,
      ...OPENSSL_VERIFY_ERRORS[first.code],
      depth: first.depth,
      certificate: path[first.depth]!.certificate,
    };
  }
  return { path, pathComplete: built.complete, error };
}
