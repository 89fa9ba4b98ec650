import { shortLabel } from '../../../shared/certificates/diagnosis-catalog';
import type { Diagnosis } from '../../../shared/certificates/model';

/** Shows the findings of one certificate as small labels, with the full sentence as the tooltip. */
export function FindingBadges({ findings }: Readonly<{ findings: readonly Diagnosis[] }>) {
  if (findings.length === 0) {
    return null;
  }
  return (
    <span className="finding-badges">
      {findings.map((finding, index) => (
        <span
          key={`${finding.code}-${index}`}
          className={`finding-badge finding-${finding.severity}`}
          title={finding.text}
        >
          {shortLabel(finding.code)}
        </span>
      ))}
    </span>
  );
}

/** Returns the findings that name the certificate at `index`. */
export function findingsOf(diagnoses: readonly Diagnosis[], index: number): Diagnosis[] {
  return diagnoses.filter((finding) => finding.certificates.includes(index));
}
