import { useState } from 'react';

import type { CertificateInfo, Diagnosis } from '../../../shared/certificates/model';
import { FindingBadges } from './badges';
import { copyText, pemFileName, savePem } from './pem-actions';
import { ValidityTimeline } from './validity-timeline';

export interface CertificateDetailsProps {
  readonly info: CertificateInfo;
  /** e.g. `Leaf, sent as certificate 1`. */
  readonly caption: string;
  readonly findings: readonly Diagnosis[];
  readonly checkedAt: string;
}

function listOrNone(values: readonly string[] | null, absent = 'none'): string {
  if (values === null) {
    return 'extension absent';
  }
  return values.length === 0 ? absent : values.join(', ');
}

function describeKey(info: CertificateInfo): string {
  const { algorithm, bits, curve } = info.publicKey;
  if (curve !== null) {
    return `${algorithm} ${curve}`;
  }
  return bits === null ? algorithm : `${algorithm} ${bits} bits`;
}

function describeConstraints(info: CertificateInfo): string {
  const constraints = info.basicConstraints;
  if (constraints === null) {
    return 'extension absent';
  }
  if (!constraints.ca) {
    return 'not a CA';
  }
  return constraints.pathLength === null ? 'CA' : `CA, path length ${constraints.pathLength}`;
}

/** Shows every parsed fact of one certificate, its validity timeline, and copy and save actions. */
export function CertificateDetails({
  info,
  caption,
  findings,
  checkedAt,
}: CertificateDetailsProps) {
  const [copyState, setCopyState] = useState<string | null>(null);
  const names = info.subjectAltNames.map((name) => `${name.type.toUpperCase()}:${name.value}`);

  const copy = (): void => {
    copyText(info.pem).then(
      () => setCopyState('PEM copied.'),
      (reason: unknown) => setCopyState(`Copying failed: ${String(reason)}`),
    );
  };

  return (
    <section className="certificate-details" aria-label="Certificate details">
      <h4>{info.commonName ?? info.subject}</h4>
      <p className="certificate-caption">
        {caption} <FindingBadges findings={findings} />
      </p>
      <ValidityTimeline notBefore={info.notBefore} notAfter={info.notAfter} checkedAt={checkedAt} />
      <dl className="certificate-fields">
        <dt>Subject</dt>
        <dd>{info.subject}</dd>
        <dt>Issuer</dt>
        <dd>{info.issuer}</dd>
        <dt>Serial</dt>
        <dd>{info.serialNumber}</dd>
        <dt>Valid</dt>
        <dd>
          {info.notBefore} to {info.notAfter}
        </dd>
        <dt>Names</dt>
        <dd>{names.length === 0 ? 'none' : names.join(', ')}</dd>
        <dt>Public key</dt>
        <dd>{describeKey(info)}</dd>
        <dt>Signature</dt>
        <dd>{info.signatureAlgorithm}</dd>
        <dt>SHA-256</dt>
        <dd>{info.sha256Fingerprint}</dd>
        <dt>SHA-1</dt>
        <dd>{info.sha1Fingerprint}</dd>
        <dt>Key usage</dt>
        <dd>{listOrNone(info.keyUsage)}</dd>
        <dt>Extended key usage</dt>
        <dd>{listOrNone(info.extendedKeyUsage)}</dd>
        <dt>Basic constraints</dt>
        <dd>{describeConstraints(info)}</dd>
        <dt>OCSP</dt>
        <dd>{listOrNone(info.ocspUrls)}</dd>
        <dt>CA issuers</dt>
        <dd>{listOrNone(info.caIssuersUrls)}</dd>
        <dt>CRL</dt>
        <dd>{listOrNone(info.crlDistributionPoints)}</dd>
        <dt>Embedded SCTs</dt>
        <dd>{info.embeddedSctCount}</dd>
        <dt>Policies</dt>
        <dd>{listOrNone(info.policies)}</dd>
      </dl>
      <div className="certificate-actions">
        <button type="button" onClick={copy}>
          Copy PEM
        </button>
        <button type="button" onClick={() => savePem(pemFileName(info, 'certificate'), info.pem)}>
          Save .pem
        </button>
        {copyState === null ? null : <span aria-live="polite">{copyState}</span>}
      </div>
    </section>
  );
}
