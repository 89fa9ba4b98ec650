import { useState } from 'react';

import { describeRootStore } from '../../../shared/certificates/labels';
import type { CaptureMethod, ChainReport } from '../../../shared/certificates/model';
import {
  AIA_STATEMENT,
  concernsMissingIssuer,
} from '../../../shared/certificates/secondary-verdicts';
import type { TlsSummary } from '../../../shared/session';
import { findingsOf } from './badges';
import { CertificateDetails } from './certificate-details';
import { captionOf, ChainDiagram } from './chain-diagram';
import { LegacyVerdict } from './legacy-verdict';
import { chainPem, copyText, pemFileName, savePem } from './pem-actions';

const CAPTURE_NAMES: Readonly<Record<CaptureMethod, string>> = {
  'tls12-record': 'read from the TLS 1.2 Certificate message',
  'tls13-decrypted': 'read from the TLS 1.3 Certificate message, decrypted with the handshake key',
  runtime: 'taken from the TLS library; order and extras may be lost',
  file: 'read from the file, in file order',
};

function TlsFacts({ tls }: Readonly<{ tls: TlsSummary }>) {
  return (
    <dl className="certificate-fields">
      <dt>Version</dt>
      <dd>{tls.version}</dd>
      <dt>Cipher</dt>
      <dd>{tls.cipher}</dd>
      <dt>Key exchange</dt>
      <dd>{tls.keyExchange ?? '—'}</dd>
      <dt>ALPN</dt>
      <dd>{tls.alpn ?? 'none'}</dd>
      <dt>SNI sent</dt>
      <dd>{tls.sniSent ?? 'none'}</dd>
      <dt>Name checked</dt>
      <dd>{tls.verifyName}</dd>
      {tls.legacyTls ? (
        <>
          <dt>Legacy TLS</dt>
          <dd className="finding-warning">
            allowed for this session by your choice: TLS 1.0 and 1.1 and OpenSSL security level 0,
            which accepts DH groups and keys under 2048 bits
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** Shows the chain of one handshake or file: verdict, TLS facts, diagram, details and findings. */
export function ChainInspector({
  report,
  tls,
}: Readonly<{ report: ChainReport; tls: TlsSummary | null }>) {
  const first = report.path[0]?.certificate ?? report.sentOrder[0] ?? null;
  const [selected, setSelected] = useState<number | null>(first);
  const [copyState, setCopyState] = useState<string | null>(null);
  const selectedInfo = selected === null ? undefined : report.certificates[selected];
  const verdict = report.trusted ? 'Trusted' : 'Untrusted';

  const copyChain = (): void => {
    copyText(chainPem(report)).then(
      () => setCopyState('Chain copied.'),
      (reason: unknown) => setCopyState(`Copying failed: ${String(reason)}`),
    );
  };

  return (
    <div className="chain-inspector">
      <p className={`chain-headline finding-${report.headline.severity}`} aria-label="Verdict">
        <strong>{verdict}.</strong> {report.headline.text}
      </p>
      {concernsMissingIssuer(report) ? <p className="chain-aia-note">{AIA_STATEMENT}</p> : null}
      <LegacyVerdict report={report} />

      {tls === null ? null : (
        <>
          <h3>TLS</h3>
          <TlsFacts tls={tls} />
        </>
      )}

      <h3>Chain</h3>
      <ChainDiagram report={report} selected={selected} onSelect={setSelected} />
      {selected === null || selectedInfo === undefined ? null : (
        <CertificateDetails
          key={selected}
          info={selectedInfo}
          caption={captionOf(report, selected)}
          findings={findingsOf(report.diagnoses, selected)}
          checkedAt={report.checkedAt}
        />
      )}

      <h3>Findings</h3>
      <ul className="chain-findings">
        {report.diagnoses.map((finding, index) => (
          <li key={`${finding.code}-${index}`} className={`finding-${finding.severity}`}>
            <code>{finding.code}</code> {finding.text}
          </li>
        ))}
        {report.diagnoses.length === 0 ? <li>No problems found.</li> : null}
      </ul>

      <h3>How this was checked</h3>
      <dl className="certificate-fields">
        <dt>Certificates</dt>
        <dd>
          {report.sentOrder.length}, {CAPTURE_NAMES[report.capture.method]}
        </dd>
        <dt>Trusted roots</dt>
        <dd>{describeRootStore(report.roots)}</dd>
        <dt>AIA</dt>
        <dd>nothing fetched; missing issuers are never downloaded</dd>
        <dt>Verifier</dt>
        <dd>{report.verifierError ?? 'no error'}</dd>
        {report.origin === 'handshake' ? (
          <>
            <dt>TLS library</dt>
            <dd>{report.runtimeError ?? 'accepted the chain'}</dd>
          </>
        ) : null}
        <dt>Checked at</dt>
        <dd>{report.checkedAt}</dd>
      </dl>
      <div className="certificate-actions">
        <button type="button" onClick={copyChain}>
          Copy chain PEM
        </button>
        <button
          type="button"
          onClick={() =>
            savePem(
              pemFileName(report.certificates[report.sentOrder[0] ?? -1] ?? null, 'chain').replace(
                /\.pem$/,
                '-chain.pem',
              ),
              chainPem(report),
            )
          }
        >
          Save chain .pem
        </button>
        {copyState === null ? null : <span aria-live="polite">{copyState}</span>}
      </div>
    </div>
  );
}
