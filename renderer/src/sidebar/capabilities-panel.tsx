import { useMemo } from 'react';

import {
  compareCapabilities,
  type CapabilityChange,
  type CapabilityRow,
} from '../../../shared/capabilities/compare';
import type { CapabilityEntry } from '../../../shared/capabilities/types';
import type { Capabilities, CapabilitySource } from '../../../shared/session';
import { useStoreState } from '../store/store-context';
import type { SidebarPanelProps } from './panels';

const SOURCE_LABELS: Readonly<Record<CapabilitySource, string>> = {
  ehlo: 'EHLO reply',
  helo: 'HELO reply (no extensions)',
  greeting: 'greeting',
  'response-code': 'response code',
  capability: 'CAPABILITY reply',
  capa: 'CAPA reply',
};

/** What the empty panel suggests sending, per protocol. */
const CAPABILITY_COMMANDS: Readonly<Record<'smtp' | 'imap' | 'pop3', string>> = {
  smtp: 'Send EHLO',
  imap: 'Send CAPABILITY',
  pop3: 'Send CAPA',
};

const CHANGE_LABELS: Readonly<Record<CapabilityChange, string>> = {
  same: '',
  added: 'added over TLS',
  removed: 'gone over TLS',
  changed: 'changed over TLS',
  'plaintext-only': '',
  'tls-only': '',
};

/** Differences first, so what changed at the upgrade is at the top; the sort keeps list order. */
const CHANGE_ORDER: Readonly<Record<CapabilityChange, number>> = {
  removed: 0,
  added: 1,
  changed: 2,
  same: 3,
  'plaintext-only': 3,
  'tls-only': 3,
};

function describeList(list: Capabilities | null | undefined, empty: string): string {
  if (list === null || list === undefined) {
    return empty;
  }
  const source = list.source === undefined ? '' : ` from the ${SOURCE_LABELS[list.source]}`;
  return `${list.keywords.length} advertised${source}${list.stale === true ? ', no longer valid' : ''}`;
}

/** Shows the parameters made readable, the parameters as sent, or "offered" for a bare keyword. */
function Cell({ entry }: Readonly<{ entry: CapabilityEntry | null }>) {
  if (entry === null) {
    return <td className="capability-absent">—</td>;
  }
  const shown = entry.value ?? (entry.parameters === '' ? 'offered' : entry.parameters);
  return (
    <td title={entry.raw}>
      <code>{shown}</code>
    </td>
  );
}

function Row({ row, columns }: Readonly<{ row: CapabilityRow; columns: 1 | 2 }>) {
  const meaning = row.tls?.meaning ?? row.plaintext?.meaning ?? null;
  const source = row.tls?.source ?? row.plaintext?.source ?? null;
  const change = CHANGE_LABELS[row.change];
  return (
    <tbody className={`capability-row capability-${row.change}`}>
      <tr>
        <th scope="row">
          {row.name}
          {change === '' ? null : <span className="capability-change">{change}</span>}
        </th>
        {columns === 2 || row.change === 'plaintext-only' ? <Cell entry={row.plaintext} /> : null}
        {columns === 2 || row.change === 'tls-only' ? <Cell entry={row.tls} /> : null}
      </tr>
      <tr>
        <td className="capability-meaning" colSpan={columns + 1}>
          {meaning ?? 'Not in the catalog: a vendor extension or a typo.'}
          {source === null ? null : <cite> {source}</cite>}
        </td>
      </tr>
    </tbody>
  );
}

/**
 * Shows what the server advertised, with each capability's meaning. After a STARTTLS upgrade it
 * shows the plaintext list and the list over TLS side by side, with differences and warnings.
 */
export function CapabilitiesPanel({ sessionId }: SidebarPanelProps) {
  const snapshot = useStoreState((state) =>
    state.sessions.find((session) => session.sessionId === sessionId),
  );
  const protocol = snapshot?.protocol ?? 'raw';
  const current = snapshot?.capabilities ?? null;
  const before = snapshot?.capabilitiesBeforeTls ?? null;
  const comparison = useMemo(() => {
    const underTls = current?.underTls === true;
    return compareCapabilities({
      protocol,
      plaintext: before?.keywords ?? (underTls ? null : (current?.keywords ?? null)),
      tls: underTls ? (current?.keywords ?? null) : null,
      tlsAfterLogin: underTls && current?.afterLogin === true,
    });
  }, [protocol, current, before]);
  if (snapshot === undefined) {
    return null;
  }
  if (protocol === 'raw') {
    return <p className="facts-empty">Raw sessions have no capabilities.</p>;
  }
  const plaintextList = before ?? (current?.underTls === true ? null : current);
  const tlsList = current?.underTls === true ? current : null;
  const columns = plaintextList !== null && tlsList !== null ? 2 : 1;
  const hint = CAPABILITY_COMMANDS[protocol];

  return (
    <div className="capabilities">
      <dl className="capability-lists">
        <dt>Before TLS</dt>
        <dd>
          {describeList(
            plaintextList,
            snapshot.tls?.viaStarttls === false ? 'none (implicit TLS)' : 'none seen yet',
          )}
        </dd>
        <dt>Over TLS</dt>
        <dd>
          {describeList(tlsList, snapshot.tls === null ? 'not encrypted yet' : 'none seen yet')}
        </dd>
      </dl>
      {comparison.warnings.length === 0 ? null : (
        <ul className="capability-warnings" aria-label="Capability warnings">
          {comparison.warnings.map((warning) => (
            <li key={warning.code} className={`capability-warning-${warning.level}`}>
              {warning.message}
            </li>
          ))}
        </ul>
      )}
      {comparison.rows.length === 0 ? (
        <p className="facts-empty">{hint} to see what the server offers.</p>
      ) : (
        <table className="capability-table" aria-label="Capabilities">
          <thead>
            <tr>
              <th scope="col">Name</th>
              {columns === 2 || tlsList === null ? <th scope="col">Before TLS</th> : null}
              {columns === 2 || tlsList !== null ? <th scope="col">Over TLS</th> : null}
            </tr>
          </thead>
          {[...comparison.rows]
            .sort((a, b) => CHANGE_ORDER[a.change] - CHANGE_ORDER[b.change])
            .map((row) => (
              <Row key={row.name} row={row} columns={columns} />
            ))}
        </table>
      )}
    </div>
  );
}
