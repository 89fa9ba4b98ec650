import type { SecurityMode } from '../../../shared/presets';
import type { SessionSnapshot } from '../../../shared/session';
import { sessionTitle } from './session-status';

const SECURITY_LABELS: Readonly<Record<SecurityMode, string>> = {
  plain: 'plain',
  tls: 'TLS',
  starttls: 'STARTTLS',
};

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/**
 * Returns the title of each session's tab: `host:port PROTOCOL`. Where two tabs would read the
 * same, the title adds the security mode when that distinguishes them, and else a number in the
 * order the sessions were opened (`#1`, `#2`).
 */
export function tabTitles(sessions: readonly SessionSnapshot[]): ReadonlyMap<string, string> {
  const titles = new Map<string, string>();
  for (const [base, same] of groupBy(sessions, sessionTitle)) {
    if (same.length === 1) {
      titles.set(same[0]!.sessionId, base);
      continue;
    }
    const bySecurity = groupBy(same, (session) => session.security);
    for (const [security, group] of bySecurity) {
      const withSecurity =
        bySecurity.size > 1 ? `${base} ${SECURITY_LABELS[security as SecurityMode]}` : base;
      group.forEach((session, index) => {
        titles.set(
          session.sessionId,
          group.length > 1 ? `${withSecurity} #${index + 1}` : withSecurity,
        );
      });
    }
  }
  return titles;
}
