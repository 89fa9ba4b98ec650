import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  BLACK_HOLE,
  type SessionReport,
  createTestNamespace,
  namespaceUnavailableReason,
  UNROUTED,
  type TestNamespace,
} from './test-support/netns';

const unavailable = await namespaceUnavailableReason();
if (unavailable !== null && process.env['CI'] === 'true') {
  throw new Error(`Network namespace tests cannot run under CI: ${unavailable}`);
}

const RESOLV_CONF = [
  'nameserver 127.0.0.1',
  // One long attempt, so that a held query keeps its lookup busy for the whole scenario.
  'options timeout:30 attempts:1',
  '',
].join('\n');
const HOSTS = [
  '127.0.0.1 localhost',
  '::1 localhost',
  `${BLACK_HOLE.ipv6} dual.mailtap.test`,
  '127.0.0.1 dual.mailtap.test',
  '',
].join('\n');

let namespace: TestNamespace;

beforeAll(async () => {
  if (unavailable === null) {
    namespace = await createTestNamespace({ resolvConf: RESOLV_CONF, hosts: HOSTS });
  }
});

afterAll(async () => {
  await namespace?.dispose();
});

describe.skipIf(unavailable !== null)('resolver faults in a network namespace', () => {
  let result: {
    outcomes: Record<string, SessionReport>;
    hung: SessionReport[];
    heldWhileHung: string[];
    freshAfterRelease: SessionReport;
    queriedHangNames: string[];
    readFileWhileHeld: boolean;
    literalReadyWhileHeld: boolean;
    caFile: SessionReport;
  };

  beforeAll(async () => {
    result = await namespace.run('dns', {});
  }, 120_000);

  it('tells NXDOMAIN from a resolver failure', () => {
    expect(result.outcomes['nx.mailtap.test']?.code).toBe('DNS_NOT_FOUND');
    expect(result.outcomes['fail.mailtap.test']?.code).toBe('DNS_FAILED');
    expect(result.outcomes['fail.mailtap.test']?.message).toContain('EAI_AGAIN');
    expect(result.outcomes['ok.mailtap.test']?.phase).toBe('ready');
  });

  it('ends every lookup against a hanging resolver at its deadline', () => {
    expect(result.hung.map((report) => report.code)).toEqual(Array(6).fill('DNS_TIMEOUT'));
  });

  it('keeps thread-pool work and other sessions going while lookups hang', () => {
    expect(result.heldWhileHung).toHaveLength(2);
    expect(result.readFileWhileHeld).toBe(true);
    expect(result.literalReadyWhileHeld).toBe(true);
    expect(result.caFile.phase).toBe('ready');
  });

  it('never runs the lookups of sessions that gave up', () => {
    expect([...result.queriedHangNames].sort()).toEqual([
      'hang1.mailtap.test',
      'hang2.mailtap.test',
    ]);
    expect(result.freshAfterRelease.phase).toBe('ready');
  });
});

describe.skipIf(unavailable !== null)('Happy Eyeballs in a network namespace', () => {
  let results: Record<string, SessionReport>;

  beforeAll(async () => {
    results = await namespace.run('happy-eyeballs', {});
  }, 120_000);

  it('falls back to IPv4 when IPv6 is black-holed', () => {
    const report = results['blackHoledIpv6']!;
    expect(report.phase).toBe('ready');
    expect(report.remoteAddress).toBe('127.0.0.1');
    expect(report.notes[1]).toBe(`Trying [${BLACK_HOLE.ipv6}]:2525 (IPv6)…`);
    expect(report.notes[2]).toBe('Trying 127.0.0.1:2525 (IPv4)…');
    expect(report.notes.join('\n')).toContain(
      `Connection attempts: [${BLACK_HOLE.ipv6}]:2525 cancelled; 127.0.0.1:2525 connected.`,
    );
  });

  it('falls back at once when IPv6 has no route', () => {
    const report = results['unroutedIpv6']!;
    expect(report.phase).toBe('ready');
    expect(report.notes.join('\n')).toMatch(/\[2001:db8:99::1\]:2525 failed: .*ENETUNREACH/);
  });

  it('explains ENETUNREACH when no family works', () => {
    const report = results['noFamilyWorks']!;
    expect(report.code).toBe('CONNECT_UNREACHABLE');
    expect(report.message).toContain(`[${UNROUTED.ipv6}]:2525 failed (ENETUNREACH`);
    expect(report.message).toContain(`${UNROUTED.ipv4}:2525 failed (ENETUNREACH`);
  });

  it('times out when every path is black-holed', () => {
    const report = results['allBlackHoled']!;
    expect(report.code).toBe('CONNECT_TIMEOUT');
    expect(report.message).toContain(
      `[${BLACK_HOLE.ipv6}]:2525 did not answer; ${BLACK_HOLE.ipv4}:2525 did not answer`,
    );
  });

  it('resolves a dual-stack name from the hosts file and connects over IPv4', () => {
    expect(results['hostsFileDualStack']?.phase).toBe('ready');
    expect(results['hostsFileDualStack']?.remoteAddress).toBe('127.0.0.1');
    expect(results['hostsFileIpv4Only']?.notes.join('\n')).not.toContain('IPv6');
  });
});

describe.skipIf(unavailable !== null)('browser mode seen from another address', () => {
  let result: { fromLink: { status: number; body: string }; viaLink: string };

  beforeAll(async () => {
    result = await namespace.run('browser-guard', {});
  }, 120_000);

  it('rejects a request from a non-loopback address even with the token', () => {
    expect(result.fromLink.status).toBe(403);
    expect(result.fromLink.body).toContain('loopback clients only');
  });

  it('is not reachable on any address but loopback', () => {
    expect(result.viaLink).toBe('ECONNREFUSED');
  });
});
