import { displayName, roleOf, type CertificateRole } from '../../../shared/certificates/labels';
import type { ChainReport, PathSource } from '../../../shared/certificates/model';
import { FindingBadges, findingsOf } from './badges';

const ROLE_NAMES: Readonly<Record<CertificateRole, string>> = {
  leaf: 'Leaf',
  intermediate: 'Intermediate',
  root: 'Root',
  other: 'Certificate',
};

const SOURCE_NAMES: Readonly<Record<PathSource, string>> = {
  sent: 'sent by the server',
  'system-roots': 'from the system roots',
  'user-ca': 'from your CA file',
};

/** Positions (1-based) at which the server sent a certificate, e.g. `sent as #2 and #3`. */
export function sentMark(report: ChainReport, index: number): string | null {
  const positions = report.sentOrder.flatMap((sent, at) => (sent === index ? [at + 1] : []));
  if (positions.length === 0) {
    return null;
  }
  return `sent as #${positions.join(' and #')}`;
}

/** Returns whether and where a certificate was sent, and where the verifier found it otherwise. */
export function originOf(report: ChainReport, index: number): string {
  const step = report.path.find((candidate) => candidate.certificate === index);
  const sent = sentMark(report, index);
  const parts: string[] = [];
  if (sent !== null) {
    parts.push(report.origin === 'file' ? sent.replace('sent as', 'file entry') : sent);
  }
  if (step !== undefined && step.source !== 'sent') {
    parts.push(`not sent, ${SOURCE_NAMES[step.source]}`);
  } else if (step === undefined) {
    parts.push('not part of the verified path');
  }
  return parts.join(', ');
}

/** Returns the caption of a certificate: its role, then `originOf`. */
export function captionOf(report: ChainReport, index: number): string {
  return `${ROLE_NAMES[roleOf(report, index)]}, ${originOf(report, index)}`;
}

interface NodeProps {
  readonly report: ChainReport;
  readonly index: number;
  readonly selected: boolean;
  readonly onSelect: (index: number) => void;
}

function ChainNode({ report, index, selected, onSelect }: NodeProps) {
  const info = report.certificates[index]!;
  const role = roleOf(report, index);
  const notSent = !report.sentOrder.includes(index);
  return (
    <li className={`chain-node chain-${role}${notSent ? ' chain-not-sent' : ''}`}>
      <button
        type="button"
        aria-pressed={selected}
        aria-label={`${ROLE_NAMES[role]} ${displayName(info)}`}
        onClick={() => onSelect(index)}
      >
        <span className="chain-role">{ROLE_NAMES[role]}</span>
        <span className="chain-name">{displayName(info)}</span>
        <span className="chain-mark">{originOf(report, index)}</span>
        <FindingBadges findings={findingsOf(report.diagnoses, index)} />
      </button>
    </li>
  );
}

/**
 * Draws the verified path from the leaf up to its root, with sent and not-sent marks and each
 * certificate's findings. A missing issuer appears as a dashed box. Certificates the server sent
 * outside the path are listed below it.
 */
export function ChainDiagram({
  report,
  selected,
  onSelect,
}: Readonly<{ report: ChainReport; selected: number | null; onSelect: (index: number) => void }>) {
  const pathIndices = report.path.map((step) => step.certificate);
  const extras = [...new Set(report.sentOrder)].filter((index) => !pathIndices.includes(index));
  const missing = report.missingIssuer;

  return (
    <div className="chain-diagram">
      <ol className="chain-path" aria-label="Certificate path, leaf first">
        {pathIndices.map((index) => (
          <ChainNode
            key={index}
            report={report}
            index={index}
            selected={selected === index}
            onSelect={onSelect}
          />
        ))}
        {missing === null ? null : (
          <li className="chain-node chain-missing">
            <div>
              <span className="chain-role">Missing issuer</span>
              <span className="chain-name">{missing.name}</span>
              <span className="chain-mark">
                not sent and not trusted
                {missing.caIssuersUrls.length === 0
                  ? ''
                  : `; CA issuers: ${missing.caIssuersUrls.join(', ')}`}
              </span>
            </div>
          </li>
        )}
      </ol>
      {extras.length === 0 ? null : (
        <>
          <h4 className="chain-extras-title">Sent but not in the path</h4>
          <ul className="chain-extras" aria-label="Certificates sent but not in the path">
            {extras.map((index) => (
              <ChainNode
                key={index}
                report={report}
                index={index}
                selected={selected === index}
                onSelect={onSelect}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
