import { describeError, type SessionPhase } from '../../../shared/errors';
import { PROTOCOL_NAMES, starttlsVerb } from '../../../shared/presets';
import type { SessionSnapshot, TlsSummary } from '../../../shared/session';

const PHASE_LABELS: Readonly<Record<SessionPhase, string>> = {
  resolving: 'Resolving…',
  connecting: 'Connecting…',
  'tls-handshake': 'TLS handshake…',
  greeting: 'Waiting for greeting…',
  starttls: 'STARTTLS…',
  ready: 'Connected',
  closing: 'Closing…',
  closed: 'Closed',
};

/** Returns true when the session ended because the link to the engine was lost. */
export function isEngineLost(snapshot: SessionSnapshot): boolean {
  return snapshot.error?.code === 'ENGINE_LOST';
}

export function phaseLabel(snapshot: SessionSnapshot): string {
  if (isEngineLost(snapshot)) {
    return 'Engine lost';
  }
  if (snapshot.upgrading && snapshot.phase === 'ready') {
    return PHASE_LABELS.starttls;
  }
  return PHASE_LABELS[snapshot.phase];
}

/** Formats `host:port`, with brackets around an IPv6 address. */
export function formatEndpoint(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function sessionTitle(snapshot: SessionSnapshot): string {
  return `${formatEndpoint(snapshot.host, snapshot.port)} ${PROTOCOL_NAMES[snapshot.protocol]}`;
}

/** Returns true when the session's TLS certificate did not verify, which the UI shows as a warning. */
export function isUntrusted(snapshot: SessionSnapshot): boolean {
  return snapshot.tls !== null && !snapshot.tls.trusted;
}

/** Returns `verified`, or why a TLS session is untrusted in plain words, e.g. `untrusted: The leaf … expired …`. */
export function trustLabel(tls: TlsSummary): string {
  return tls.trusted ? 'verified' : `untrusted: ${tls.headline.text}`;
}

/** A few words on why a session is untrusted, for the session tab, e.g. `untrusted (expired)`; null when trusted or plaintext. */
export function untrustedShortLabel(snapshot: SessionSnapshot): string | null {
  if (snapshot.tls === null || snapshot.tls.trusted) {
    return null;
  }
  return `untrusted (${snapshot.tls.headline.shortText})`;
}

export function describeTls(tls: TlsSummary): string {
  const via = tls.viaStarttls ? ' via STARTTLS' : '';
  const legacy = tls.legacyTls ? ', legacy TLS allowed' : '';
  return `${tls.version} ${tls.cipher}${via}${legacy}, ${trustLabel(tls)}`;
}

/** Returns why a closed session ended, or null while it is open. */
export function describeSessionEnd(snapshot: SessionSnapshot): string | null {
  if (snapshot.phase !== 'closed') {
    return null;
  }
  if (snapshot.error !== null) {
    return describeError(snapshot.error);
  }
  return snapshot.closeReason ?? 'The session ended.';
}

/** Returns the protocol's STARTTLS verb when the Upgrade action applies now, or null. */
export function availableStarttlsVerb(snapshot: SessionSnapshot): string | null {
  if (snapshot.tls !== null || snapshot.phase !== 'ready' || snapshot.upgrading) {
    return null;
  }
  return starttlsVerb(snapshot.protocol);
}

export function isSessionOpen(snapshot: SessionSnapshot): boolean {
  return snapshot.phase !== 'closed' && snapshot.phase !== 'closing';
}
