import { useId, useState } from 'react';

import { displayName } from '../../../shared/certificates/labels';
import type { ChainReport, PathSource } from '../../../shared/certificates/model';
import { describeLegacyVerification } from '../../../shared/certificates/secondary-verdicts';

const SOURCE_WORDS: Readonly<Record<PathSource, string>> = {
  sent: 'sent',
  'system-roots': 'system roots',
  'user-ca': 'your CA file',
};

/** Lists the legacy path leaf first, e.g. `mail.example.com (sent) → Old Root (your CA file)`. */
function legacyPathText(report: ChainReport): string {
  return (report.legacyVerification?.path ?? [])
    .map((step) => {
      const info = report.certificates[step.certificate];
      const name = info === undefined ? '?' : displayName(info);
      return `${name} (${SOURCE_WORDS[step.source]})`;
    })
    .join(' → ');
}

/**
 * Offers the legacy verification: the verdict of clients that follow the sent chain instead of
 * building their own path, shown as a second verdict when the user turns it on.
 */
export function LegacyVerdict({ report }: Readonly<{ report: ChainReport }>) {
  const [shown, setShown] = useState(false);
  const checkboxId = useId();
  const verdict = describeLegacyVerification(report);
  if (verdict === null) {
    return null;
  }
  const failed = report.legacyVerification?.error != null;

  return (
    <div className="legacy-verdict">
      <label htmlFor={checkboxId}>
        <input
          id={checkboxId}
          type="checkbox"
          checked={shown}
          onChange={(event) => setShown(event.target.checked)}
        />
        Legacy verification: follow the sent chain as OpenSSL 1.0.x and old GnuTLS do
      </label>
      {shown ? (
        <>
          <p
            className={`chain-secondary-verdict finding-${failed ? 'error' : 'ok'}`}
            aria-label="Legacy verdict"
          >
            {verdict}
          </p>
          <p className="chain-legacy-path">Their path: {legacyPathText(report)}</p>
        </>
      ) : null}
    </div>
  );
}
