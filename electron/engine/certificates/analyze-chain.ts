import { isIP } from 'node:net';

import {
  chooseHeadline,
  diagnose,
  EXPIRY_WARNING_DAYS,
  sortDiagnoses,
} from '../../../shared/certificates/diagnosis-catalog';
import {
  certificateLabel,
  daysBetween,
  describeRootStore,
  displayName,
  formatDate,
  roleOf,
} from '../../../shared/certificates/labels';
import type {
  CaptureInfo,
  CertificateInfo,
  ChainReport,
  Diagnosis,
  MissingIssuer,
  PathStep,
} from '../../../shared/certificates/model';
import { buildLegacyPath, toLegacyVerification } from './legacy-path';
import { buildPath, MIN_EC_BITS, MIN_RSA_BITS, type BuiltPath } from './path-builder';
import {
  CertificateParseError,
  parseCertificate,
  type ParsedCertificate,
} from './parse-certificate';
import type { RootStore } from './root-store';
import { sentOrderDiagnoses } from './sent-order';

export interface ChainInput {
  readonly origin: ChainReport['origin'];
  readonly label: string;
  /** DER certificates in the order they were sent or stored in the file. */
  readonly sent: readonly Buffer[];
  readonly capture: CaptureInfo;
  readonly roots: RootStore;
  /** The name or IP address to check, or null to skip the name check. */
  readonly verifyName: string | null;
  /** The TLS library's verification error, or null when it accepted the chain or did not run. */
  readonly runtimeError: string | null;
  readonly now?: Date;
}

/** The distinct certificates of a report, with the parsed form of each. */
class CertificateTable {
  readonly infos: CertificateInfo[] = [];
  readonly #indexByFingerprint = new Map<string, number>();

  add(certificate: ParsedCertificate): number {
    const fingerprint = certificate.info.sha256Fingerprint;
    const known = this.#indexByFingerprint.get(fingerprint);
    if (known !== undefined) {
      return known;
    }
    this.infos.push(certificate.info);
    this.#indexByFingerprint.set(fingerprint, this.infos.length - 1);
    return this.infos.length - 1;
  }

  indexOf(certificate: ParsedCertificate): number {
    return this.#indexByFingerprint.get(certificate.info.sha256Fingerprint) ?? -1;
  }
}

/** Checks the leaf against a host name or an IP literal, as `openssl s_client -verify_hostname` or `-verify_ip` would. */
function matchesName(leaf: ParsedCertificate, name: string): boolean {
  const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
  return isIP(bare) === 0
    ? leaf.node.checkHost(bare) !== undefined
    : leaf.node.checkIP(bare) !== undefined;
}

function namesOf(info: CertificateInfo): string {
  const names = info.subjectAltNames
    .filter((name) => name.type === 'dns' || name.type === 'ip')
    .map((name) => name.value);
  if (names.length === 0 && info.commonName !== null) {
    names.push(info.commonName);
  }
  return names.length === 0 ? 'no host name at all' : names.join(', ');
}

interface AnalysisContext {
  readonly report: Pick<ChainReport, 'certificates' | 'path'>;
  readonly table: CertificateTable;
  readonly now: Date;
}

function labelOf(context: AnalysisContext, certificate: ParsedCertificate): string {
  const index = context.table.indexOf(certificate);
  return certificateLabel(roleOf(context.report as ChainReport, index), certificate.info);
}

/** Turns the verifier's issues into catalog findings, one per certificate and problem. */
function issueDiagnoses(
  built: BuiltPath,
  context: AnalysisContext,
  input: ChainInput,
): Diagnosis[] {
  const diagnoses: Diagnosis[] = [];
  for (const issue of built.issues) {
    const certificate = built.nodes[issue.depth]!.certificate;
    const index = context.table.indexOf(certificate);
    const label = labelOf(context, certificate);
    const issuer = built.nodes[issue.depth + 1]?.certificate;
    switch (issue.code) {
      case 'DEPTH_ZERO_SELF_SIGNED_CERT':
        diagnoses.push(diagnose('SELF_SIGNED_LEAF', { certificate: label }, [index]));
        break;
      case 'SELF_SIGNED_CERT_IN_CHAIN':
      case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
        diagnoses.push(missingIssuerDiagnosis(certificate, issue.depth, label, index, input));
        break;
      case 'CERT_HAS_EXPIRED':
        diagnoses.push(
          diagnose(
            'CERT_EXPIRED',
            {
              certificate: label,
              date: formatDate(certificate.info.notAfter),
              days: daysBetween(certificate.notAfter, context.now),
            },
            [index],
          ),
        );
        break;
      case 'CERT_NOT_YET_VALID':
        diagnoses.push(
          diagnose(
            'CERT_NOT_YET_VALID',
            {
              certificate: label,
              date: formatDate(certificate.info.notBefore),
              days: daysBetween(context.now, certificate.notBefore),
            },
            [index],
          ),
        );
        break;
      case 'CERT_SIGNATURE_FAILURE':
        diagnoses.push(
          diagnose(
            'SIGNATURE_INVALID',
            {
              certificate: label,
              issuer: issuer === undefined ? 'its issuer' : labelOf(context, issuer),
            },
            [index],
          ),
        );
        break;
      case 'INVALID_CA':
      case 'KEYUSAGE_NO_CERTSIGN':
        diagnoses.push(diagnose('NOT_A_CA', { certificate: label }, [index]));
        break;
      case 'PATH_LENGTH_EXCEEDED':
        diagnoses.push(
          diagnose(
            'PATH_LENGTH_EXCEEDED',
            { certificate: label, pathLength: certificate.info.basicConstraints?.pathLength ?? 0 },
            [index],
          ),
        );
        break;
      case 'INVALID_PURPOSE':
        diagnoses.push(
          diagnose(
            'WRONG_PURPOSE',
            { certificate: label, usages: (certificate.info.extendedKeyUsage ?? []).join(', ') },
            [index],
          ),
        );
        break;
      case 'EE_KEY_TOO_SMALL':
      case 'CA_KEY_TOO_SMALL': {
        const { algorithm, bits } = certificate.info.publicKey;
        diagnoses.push(
          diagnose(
            'WEAK_KEY',
            {
              certificate: label,
              algorithm,
              bits: bits ?? 0,
              minimum: algorithm === 'EC' ? MIN_EC_BITS : MIN_RSA_BITS,
            },
            [index],
          ),
        );
        break;
      }
      case 'CA_MD_TOO_WEAK':
        diagnoses.push(
          diagnose(
            'WEAK_SIGNATURE',
            { certificate: label, hash: certificate.info.signatureHash ?? 'a weak hash' },
            [index],
          ),
        );
        break;
      case 'CERT_CHAIN_TOO_LONG':
        diagnoses.push(
          diagnose('PATH_LENGTH_EXCEEDED', { certificate: label, pathLength: 0 }, [index]),
        );
        break;
    }
  }
  return diagnoses;
}

function missingIssuerDiagnosis(
  top: ParsedCertificate,
  depth: number,
  label: string,
  index: number,
  input: ChainInput,
): Diagnosis {
  const rootSource = describeRootStore(input.roots.info);
  if (top.info.selfSigned) {
    return diagnose('UNKNOWN_ROOT', { certificate: label, issuer: 'itself', rootSource }, [index]);
  }
  if (depth === 0) {
    return diagnose(
      'INTERMEDIATE_NOT_SENT',
      { certificate: label, issuer: top.info.issuer, url: top.info.caIssuersUrls[0] ?? null },
      [index],
    );
  }
  return diagnose('UNKNOWN_ROOT', { certificate: label, issuer: top.info.issuer, rootSource }, [
    index,
  ]);
}

function expiryWarnings(built: BuiltPath, context: AnalysisContext): Diagnosis[] {
  return built.nodes.flatMap(({ certificate }) => {
    const days = daysBetween(context.now, certificate.notAfter);
    if (context.now > certificate.notAfter || days > EXPIRY_WARNING_DAYS) {
      return [];
    }
    return [
      diagnose(
        'EXPIRES_SOON',
        {
          certificate: labelOf(context, certificate),
          date: formatDate(certificate.info.notAfter),
          days,
        },
        [context.table.indexOf(certificate)],
      ),
    ];
  });
}

function parseSent(sent: readonly Buffer[]): {
  parsed: (ParsedCertificate | null)[];
  unreadable: Diagnosis[];
} {
  const unreadable: Diagnosis[] = [];
  const parsed = sent.map((der, position) => {
    try {
      return parseCertificate(der);
    } catch (error) {
      if (!(error instanceof CertificateParseError)) {
        throw error;
      }
      unreadable.push(
        diagnose('CERTIFICATE_UNREADABLE', { position: position + 1, reason: error.message }),
      );
      return null;
    }
  });
  return { parsed, unreadable };
}

/**
 * Analyses one chain: parses each certificate, builds and checks the path, checks the name,
 * and explains every finding from the catalog. Never throws for a bad certificate: a chain
 * that cannot be read is a finding too.
 */
export function analyzeChain(input: ChainInput): ChainReport {
  const now = input.now ?? new Date();
  const { parsed, unreadable } = parseSent(input.sent);
  const table = new CertificateTable();
  const sentCertificates = new Map<number, ParsedCertificate>();
  const sentOrder: number[] = [];
  for (const certificate of parsed) {
    if (certificate !== null) {
      const index = table.add(certificate);
      sentOrder.push(index);
      sentCertificates.set(index, certificate);
    }
  }
  const base = {
    origin: input.origin,
    label: input.label,
    capture: input.capture,
    verifyName: input.verifyName,
    runtimeError: input.runtimeError,
    roots: input.roots.info,
    checkedAt: now.toISOString(),
  };

  // A client takes the first certificate as the leaf, so without it there is nothing to verify.
  const leaf = parsed[0];
  if (leaf === undefined || leaf === null) {
    const findings = input.sent.length === 0 ? [diagnose('NO_CERTIFICATE', {})] : unreadable;
    return {
      ...base,
      certificates: table.infos,
      sentOrder,
      path: [],
      pathComplete: false,
      missingIssuer: null,
      nameMatched: null,
      legacyVerification: null,
      trusted: false,
      verifierError: input.sent.length === 0 ? 'NO_CERTIFICATE' : 'CERTIFICATE_UNREADABLE',
      headline: findings[0]!,
      diagnoses: findings,
    };
  }

  const sentList = [...sentCertificates.values()];
  const built = buildPath(leaf, sentList, input.roots.anchors, now);
  const path: PathStep[] = built.nodes.map((node) => ({
    certificate: table.add(node.certificate),
    source: node.source,
  }));
  // After the main path, so that the legacy path's extra roots take the last indices.
  const legacyVerification = toLegacyVerification(
    buildLegacyPath(leaf, sentList, input.roots.anchors, now),
    (certificate) => table.add(certificate),
  );
  const context: AnalysisContext = { report: { certificates: table.infos, path }, table, now };

  const diagnoses: Diagnosis[] = [...unreadable, ...issueDiagnoses(built, context, input)];
  diagnoses.push(...expiryWarnings(built, context));
  diagnoses.push(
    ...sentOrderDiagnoses({ ...context, built, sentOrder, sentCertificates, roots: input.roots }),
  );

  let nameMatched: boolean | null = null;
  if (input.verifyName === null) {
    diagnoses.push(diagnose('NAME_NOT_CHECKED', {}));
  } else {
    nameMatched = matchesName(leaf, input.verifyName);
    if (!nameMatched) {
      diagnoses.push(
        diagnose('NAME_MISMATCH', { expected: input.verifyName, names: namesOf(leaf.info) }, [0]),
      );
    }
  }
  const verifierFailed = diagnoses.some((finding) => finding.severity === 'error');
  if (input.runtimeError !== null && !verifierFailed) {
    diagnoses.push(diagnose('RUNTIME_REJECTED', { code: input.runtimeError }));
  }
  if (input.capture.method === 'runtime') {
    diagnoses.push(diagnose('RUNTIME_CAPTURE', { problem: input.capture.problem ?? 'unknown' }));
  }

  const top = built.nodes.at(-1)!.certificate;
  const sorted = sortDiagnoses(diagnoses);
  const trustedFinding = diagnose(
    'TRUSTED',
    { root: `"${displayName(top.info)}"`, name: input.verifyName },
    [table.indexOf(top)],
  );
  const headline = chooseHeadline(sorted, trustedFinding);
  const firstIssue = built.issues[0];
  return {
    ...base,
    certificates: table.infos,
    sentOrder,
    path,
    pathComplete: built.complete,
    missingIssuer: missingIssuerOf(built, table),
    nameMatched,
    legacyVerification,
    trusted: headline.code === 'TRUSTED',
    verifierError: firstIssue === undefined ? null : firstIssue.code,
    headline,
    diagnoses: sorted,
  };
}

function missingIssuerOf(built: BuiltPath, table: CertificateTable): MissingIssuer | null {
  const top = built.nodes.at(-1)!.certificate;
  if (built.complete || top.info.selfSigned) {
    return null;
  }
  return {
    name: top.info.issuer,
    caIssuersUrls: top.info.caIssuersUrls,
    issuedCertificate: table.indexOf(top),
  };
}
