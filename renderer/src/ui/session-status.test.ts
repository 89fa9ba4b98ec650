import { describe, expect, it } from 'vitest';

import { makeError, type SessionPhase } from '../../../shared/errors';
import type { SessionSnapshot, TlsSummary } from '../../../shared/session';
import {
  availableStarttlsVerb,
  describeSessionEnd,
  describeTls,
  formatEndpoint,
  isUntrusted,
  phaseLabel,
  sessionTitle,
  trustLabel,
} from './session-status';

const TLS: TlsSummary = {
  version: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  keyExchange: 'X25519',
  alpn: null,
  sniSent: 'mx.example.test',
  verifyName: 'mx.example.test',
  trusted: true,
  chainError: null,
  nameError: null,
  leafSubject: 'CN=mx.example.test',
  leafIssuer: 'CN=Test CA',
  leafValidTo: '2030-01-01T00:00:00Z',
  leafFingerprint256: null,
  viaStarttls: true,
  legacyTls: false,
  certificateCount: 2,
  headline: {
    code: 'TRUSTED',
    severity: 'ok',
    text: 'The chain verifies up to the trusted root "Test CA".',
    shortText: 'trusted',
  },
};

/** Each fixture snapshot is newer than the last, as the engine's are. */
let nextRevision = 1;

function snapshot(changes: Partial<SessionSnapshot>): SessionSnapshot {
  return {
    sessionId: 's1',
    revision: nextRevision++,
    host: 'mx.example.test',
    port: 25,
    protocol: 'smtp',
    security: 'plain',
    phase: 'ready',
    remoteAddress: '127.0.0.2',
    tls: null,
    capabilities: null,
    upgrading: false,
    acceptedFingerprint: null,
    error: null,
    closeReason: null,
    auth: null,
    ...changes,
  };
}

describe('phaseLabel', () => {
  const rows: (readonly [SessionPhase, string])[] = [
    ['resolving', 'Resolving…'],
    ['connecting', 'Connecting…'],
    ['tls-handshake', 'TLS handshake…'],
    ['greeting', 'Waiting for greeting…'],
    ['starttls', 'STARTTLS…'],
    ['ready', 'Connected'],
    ['closed', 'Closed'],
  ];

  it.each(rows)('labels %s as %s', (phase, label) => {
    expect(phaseLabel(snapshot({ phase }))).toBe(label);
  });

  it('labels an upgrade in progress as STARTTLS', () => {
    expect(phaseLabel(snapshot({ upgrading: true }))).toBe('STARTTLS…');
  });
});

describe('session titles', () => {
  it('brackets an IPv6 address', () => {
    expect(formatEndpoint('::1', 143)).toBe('[::1]:143');
    expect(formatEndpoint('127.0.0.2', 25)).toBe('127.0.0.2:25');
  });

  it('names the protocol', () => {
    expect(sessionTitle(snapshot({ protocol: 'pop3', port: 110 }))).toBe(
      'mx.example.test:110 POP3',
    );
  });
});

describe('TLS trust', () => {
  it('calls a verified session verified', () => {
    expect(trustLabel(TLS)).toBe('verified');
    expect(describeTls(TLS)).toBe('TLSv1.3 TLS_AES_256_GCM_SHA384 via STARTTLS, verified');
    expect(isUntrusted(snapshot({ tls: TLS }))).toBe(false);
  });

  it('marks a session that allowed legacy TLS', () => {
    const tls: TlsSummary = { ...TLS, version: 'TLSv1', legacyTls: true, viaStarttls: false };
    expect(describeTls(tls)).toBe('TLSv1 TLS_AES_256_GCM_SHA384, legacy TLS allowed, verified');
  });

  it('says in plain words why a session is untrusted', () => {
    const tls: TlsSummary = {
      ...TLS,
      trusted: false,
      chainError: 'CERT_HAS_EXPIRED',
      nameError: 'The certificate is for mx.example.test, not for x.',
      headline: {
        code: 'CERT_EXPIRED',
        severity: 'error',
        text: 'The leaf "mx.example.test" expired on 2025-01-01, 3 days ago.',
        shortText: 'expired',
      },
    };
    expect(trustLabel(tls)).toBe(
      'untrusted: The leaf "mx.example.test" expired on 2025-01-01, 3 days ago.',
    );
    expect(isUntrusted(snapshot({ tls }))).toBe(true);
  });

  it('does not call a plaintext session untrusted', () => {
    expect(isUntrusted(snapshot({}))).toBe(false);
  });
});

describe('describeSessionEnd', () => {
  it('is null while the session is open', () => {
    expect(describeSessionEnd(snapshot({}))).toBeNull();
  });

  it('prefers the error with its code', () => {
    const error = makeError('CONNECT_REFUSED', { host: 'mx.example.test', port: 25 });
    expect(describeSessionEnd(snapshot({ phase: 'closed', error }))).toMatch(/^CONNECT_REFUSED/);
  });

  it('falls back to the close reason', () => {
    expect(
      describeSessionEnd(snapshot({ phase: 'closed', closeReason: 'The server said goodbye.' })),
    ).toBe('The server said goodbye.');
  });
});

describe('availableStarttlsVerb', () => {
  it('offers the protocol verb on a ready plaintext session', () => {
    expect(availableStarttlsVerb(snapshot({}))).toBe('STARTTLS');
    expect(availableStarttlsVerb(snapshot({ protocol: 'pop3' }))).toBe('STLS');
  });

  it.each([
    ['raw session', { protocol: 'raw' as const }],
    ['TLS session', { tls: TLS }],
    ['upgrade in progress', { upgrading: true }],
    ['greeting phase', { phase: 'greeting' as const }],
    ['closed session', { phase: 'closed' as const }],
  ])('offers nothing for a %s', (_name, changes) => {
    expect(availableStarttlsVerb(snapshot(changes))).toBeNull();
  });
});
