import { diagnose } from '../../../shared/certificates/diagnosis-catalog';
import { certificateLabel, formatDate, roleOf } from '../../../shared/certificates/labels';
import type { ChainReport, Diagnosis } from '../../../shared/certificates/model';
import type { BuiltPath } from './path-builder';
import type { ParsedCertificate } from './parse-certificate';
import type { RootStore } from './root-store';

export interface SentOrderInput {
  readonly report: Pick<ChainReport, 'certificates' | 'path'>;
  readonly built: BuiltPath;
  /** Indices into the report's certificates, in the order they were sent. */
  readonly sentOrder: readonly number[];
  /** The parsed certificate of each index that was sent. */
  readonly sentCertificates: ReadonlyMap<number, ParsedCertificate>;
  readonly roots: RootStore;
  readonly now: Date;
}

function label(input: SentOrderInput, index: number): string {
  return certificateLabel(
    roleOf(input.report as ChainReport, index),
    input.report.certificates[index]!,
  );
}

function sameKey(a: ParsedCertificate, b: ParsedCertificate): boolean {
  return a.node.publicKey.equals(b.node.publicKey);
}

/** Finds the issuer of a certificate among those sent and the trust anchors, by name and key id. */
function issuerOf(
  certificate: ParsedCertificate,
  input: SentOrderInput,
): { notAfter: Date; name: string } | null {
  for (const candidate of input.sentCertificates.values()) {
    if (candidate !== certificate && certificate.node.checkIssued(candidate.node)) {
      return {
        notAfter: candidate.notAfter,
        name: candidate.info.commonName ?? candidate.info.subject,
      };
    }
  }
  for (const anchor of input.roots.anchors) {
    if (certificate.node.checkIssued(anchor.certificate)) {
      const notAfter = new Date(anchor.certificate.validTo);
      return { notAfter, name: anchor.certificate.subject.replace(/\n/g, ', ') };
    }
  }
  return null;
}

/**
 * Judges a sent certificate outside the path. A cross-signed copy of a path certificate (same
 * subject and key, another issuer) is normal unless it or its issuer expired. Then clients that
 * follow the sent chain instead of building their own, such as OpenSSL 1.0.x and older GnuTLS,
 * fail. Anything else is an unrelated extra.
 */
function extraDiagnosis(index: number, input: SentOrderInput): Diagnosis | null {
  const certificate = input.sentCertificates.get(index)!;
  const crossSigned = input.built.nodes.some(
    (node) =>
      node.certificate.info.subject === certificate.info.subject &&
      sameKey(node.certificate, certificate),
  );
  if (!crossSigned) {
    return diagnose('EXTRA_CERTIFICATE', { certificate: label(input, index) }, [index]);
  }
  const issuer = issuerOf(certificate, input);
  if (certificate.notAfter < input.now) {
    return diagnose(
      'LEGACY_PATH_EXPIRED',
      {
        certificate: label(input, index),
        issuer: `"${issuer?.name ?? certificate.info.issuer}"`,
        date: formatDate(certificate.info.notAfter),
      },
      [index],
    );
  }
  if (issuer !== null && issuer.notAfter < input.now) {
    return diagnose(
      'LEGACY_PATH_EXPIRED',
      {
        certificate: label(input, index),
        issuer: `"${issuer.name}"`,
        date: formatDate(issuer.notAfter.toISOString()),
      },
      [index],
    );
  }
  return null;
}

/** Compares the order of the sent path certificates with the path order. */
function orderDiagnosis(input: SentOrderInput, pathIndices: readonly number[]): Diagnosis | null {
  const expected = pathIndices.filter((index) => input.sentOrder.includes(index));
  const actual = [...new Set(input.sentOrder)].filter((index) => pathIndices.includes(index));
  const position = expected.findIndex((index, at) => actual[at] !== index);
  if (position <= 0) {
    return null;
  }
  const certificate = expected[position]!;
  return diagnose(
    'WRONG_ORDER',
    {
      certificate: label(input, certificate),
      expectedAfter: label(input, expected[position - 1]!),
    },
    [certificate],
  );
}

/** Finds duplicates, extras, order problems, a needless root and intermediates not sent. */
export function sentOrderDiagnoses(input: SentOrderInput): Diagnosis[] {
  const diagnoses: Diagnosis[] = [];
  const pathIndices = input.report.path.map((step) => step.certificate);

  const counts = new Map<number, number>();
  for (const index of input.sentOrder) {
    counts.set(index, (counts.get(index) ?? 0) + 1);
  }
  for (const [index, count] of counts) {
    if (count > 1) {
      diagnoses.push(
        diagnose('DUPLICATE_CERTIFICATE', { certificate: label(input, index), count }, [index]),
      );
    }
    if (!pathIndices.includes(index)) {
      const extra = extraDiagnosis(index, input);
      if (extra !== null) {
        diagnoses.push(extra);
      }
    }
  }

  const order = orderDiagnosis(input, pathIndices);
  if (order !== null) {
    diagnoses.push(order);
  }

  input.report.path.forEach((step, position) => {
    const info = input.report.certificates[step.certificate]!;
    const sent = counts.has(step.certificate);
    const isTop = position === pathIndices.length - 1;
    if (input.built.complete && isTop && info.selfSigned && sent && position > 0) {
      diagnoses.push(
        diagnose('ROOT_SENT', { certificate: label(input, step.certificate) }, [step.certificate]),
      );
    }
    if (!sent && !info.selfSigned) {
      diagnoses.push(
        diagnose('INTERMEDIATE_FROM_STORE', { certificate: label(input, step.certificate) }, [
          step.certificate,
        ]),
      );
    }
  });
  return diagnoses;
}
