import { daysBetween, formatDate } from '../../../shared/certificates/labels';

/** Describes where `now` lies in the validity period, e.g. `12 days left`. */
export function describeValidity(notBefore: Date, notAfter: Date, now: Date): string {
  if (now < notBefore) {
    return `not valid yet: starts in ${daysBetween(now, notBefore)} days`;
  }
  if (now > notAfter) {
    return `expired ${daysBetween(notAfter, now)} days ago`;
  }
  return `${daysBetween(now, notAfter)} days left`;
}

/** Draws a bar from notBefore to notAfter with a mark at the instant the chain was checked. */
export function ValidityTimeline({
  notBefore,
  notAfter,
  checkedAt,
}: Readonly<{ notBefore: string; notAfter: string; checkedAt: string }>) {
  const start = new Date(notBefore);
  const end = new Date(notAfter);
  const now = new Date(checkedAt);
  const span = Math.max(1, end.getTime() - start.getTime());
  const position = Math.min(1, Math.max(0, (now.getTime() - start.getTime()) / span));
  let state = 'valid';
  if (now < start) {
    state = 'future';
  } else if (now > end) {
    state = 'expired';
  }
  const summary = describeValidity(start, end, now);

  return (
    <div className="validity">
      <div
        className={`validity-bar validity-${state}`}
        role="img"
        aria-label={`Valid from ${formatDate(notBefore)} to ${formatDate(notAfter)}, ${summary}`}
      >
        <span className="validity-now" style={{ left: `${(position * 100).toFixed(1)}%` }} />
      </div>
      <div className="validity-labels">
        <span>{formatDate(notBefore)}</span>
        <span className={`validity-summary validity-${state}`}>{summary}</span>
        <span>{formatDate(notAfter)}</span>
      </div>
    </div>
  );
}
