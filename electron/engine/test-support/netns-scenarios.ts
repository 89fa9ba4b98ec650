/**
 * Scenarios that run inside a test network namespace (see netns.ts), started as
 * `node --import tsx netns-scenarios.ts <scenario> <input JSON>`. Each prints one JSON line with
 * what it observed; the Vitest file that started it makes the assertions.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';

import type { SessionOptions, SessionSnapshot } from '../../../shared/session';
import { isRequestAllowed } from '../../browser-mode/request-guard';
import { startBrowserModeServer } from '../../browser-mode/server';
import { silentLogger } from '../logger';
import type { ResolvedAddress } from '../happy-eyeballs';
import type { NetworkAccess } from '../session';
import { SessionHub } from '../session-hub';
import { startFakeDnsServer } from './fake-dns-server';
import { BLACK_HOLE, LINK_ADDRESS, UNROUTED, type SessionReport } from './netns';

/** How long a scenario waits for one expected event before it reports failure. */
const WAIT_MS = 20_000;
const SMTP_PORT = 2525;

/** A hub with its last snapshot and notes per session, like EngineProbe without Vitest. */
class Recorder {
  readonly hub: SessionHub;
  readonly latest = new Map<string, SessionSnapshot>();
  readonly notes = new Map<string, string[]>();

  constructor(network: NetworkAccess = {}) {
    this.hub = new SessionHub(silentLogger, network);
    this.hub.onState((snapshot) => this.latest.set(snapshot.sessionId, snapshot));
    this.hub.onOutput((batch) => {
      const list = this.notes.get(batch.sessionId) ?? [];
      for (const entry of batch.entries) {
        if (entry.kind === 'note') {
          list.push(entry.text);
        }
      }
      this.notes.set(batch.sessionId, list);
      this.hub.acknowledge(batch.sessionId, batch.serverBytes);
    });
  }

  async open(options: Partial<SessionOptions> & { host: string }): Promise<string> {
    const snapshot = await this.hub.open({
      port: SMTP_PORT,
      protocol: 'smtp',
      security: 'plain',
      ...options,
    });
    return snapshot.sessionId;
  }

  /** Waits until the session is ready or closed and reports it. */
  async settle(sessionId: string): Promise<SessionReport> {
    await until(() => {
      const phase = this.latest.get(sessionId)?.phase;
      return phase === 'ready' || phase === 'closed';
    }, `session ${sessionId} to settle`);
    return this.report(sessionId);
  }

  report(sessionId: string): SessionReport {
    const snapshot = this.latest.get(sessionId);
    return {
      phase: snapshot?.phase ?? 'unknown',
      code: snapshot?.error?.code ?? null,
      message: snapshot?.error?.message ?? null,
      remoteAddress: snapshot?.remoteAddress ?? null,
      notes: this.notes.get(sessionId) ?? [],
    };
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > WAIT_MS) {
      throw new Error(`gave up waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function startSmtp(host: string): Promise<net.Server> {
  const server = net.createServer((socket) => {
    socket.on('error', () => undefined);
    socket.write('220 netns.mailtap.test ESMTP\r\n');
  });
  await new Promise<void>((resolve) => server.listen(SMTP_PORT, host, resolve));
  return server;
}

function fixedLookup(addresses: ResolvedAddress[]): NetworkAccess {
  return { lookup: () => Promise.resolve(addresses) };
}

/** DNS failures, and a resolver that hangs while other work must go on. */
async function dnsScenario(): Promise<unknown> {
  const holdNames = Array.from({ length: 6 }, (_, index) => `hang${index + 1}.mailtap.test`);
  const dns = await startFakeDnsServer({
    'nx.mailtap.test': { kind: 'nxdomain' },
    'fail.mailtap.test': { kind: 'servfail' },
    'ok.mailtap.test': { kind: 'records', a: ['127.0.0.1'] },
    ...Object.fromEntries(holdNames.map((name) => [name, { kind: 'hold' as const }])),
  });
  const smtp = await startSmtp('127.0.0.1');
  const recorder = new Recorder();

  const outcomes: Record<string, SessionReport> = {};
  for (const host of ['nx.mailtap.test', 'fail.mailtap.test', 'ok.mailtap.test']) {
    outcomes[host] = await recorder.settle(await recorder.open({ host }));
  }

  // Six lookups against a resolver that holds every query.
  const hung = await Promise.all(
    holdNames.map((host) => recorder.open({ host, deadlines: { dnsMs: 1_000 } })),
  );
  await until(() => dns.heldNames().length > 0, 'the first held query');

  // While the resolver holds them, file reads and IP-literal sessions must go on.
  // A starved thread pool would finish the read only when glibc gives up (30 s in resolv.conf).
  const readFileWhileHeld = await Promise.race([
    readFile(path.resolve('package.json'), 'utf8').then(
      (file) => file.length > 0 && dns.heldNames().length > 0,
    ),
    new Promise<false>((resolve) => setTimeout(() => resolve(false), WAIT_MS).unref()),
  ]);
  const literal = await recorder.settle(await recorder.open({ host: '127.0.0.1' }));
  const literalReadyWhileHeld = literal.phase === 'ready' && dns.heldNames().length > 0;
  // Reading a CA file goes through the same thread pool as getaddrinfo.
  const caDir = await mkdtemp(path.join(os.tmpdir(), 'mailtap-ca-'));
  const caPath = path.join(caDir, 'ca.pem');
  await writeFile(caPath, tls.rootCertificates[0]!);
  const caFile = await recorder.settle(await recorder.open({ host: '127.0.0.1', caFile: caPath }));
  await rm(caDir, { recursive: true, force: true });

  const hungReports = await Promise.all(hung.map((sessionId) => recorder.settle(sessionId)));
  const heldWhileHung = dns.heldNames();

  // A fresh lookup waits for a free slot. Once the held queries are answered it must run next,
  // ahead of the lookups whose sessions already gave up.
  const fresh = await recorder.open({ host: 'ok.mailtap.test', deadlines: { dnsMs: 5_000 } });
  await dns.release();
  const freshAfterRelease = await recorder.settle(fresh);
  const queriedHangNames = [...new Set(dns.queries.filter((name) => name.startsWith('hang')))];
  // Answered, any lookup still held returns and frees its thread, so the process can exit.
  await dns.release();
  recorder.hub.dispose();
  smtp.close();
  await dns.close();
  return {
    outcomes,
    hung: hungReports,
    heldWhileHung,
    freshAfterRelease,
    queriedHangNames,
    readFileWhileHeld,
    literalReadyWhileHeld,
    caFile,
  };
}

/** Connection racing over black-holed and unrouted paths. */
async function happyEyeballsScenario(): Promise<unknown> {
  const smtp = await startSmtp('127.0.0.1');
  const local: ResolvedAddress = { address: '127.0.0.1', family: 4 };
  const cases: Record<string, { network: NetworkAccess; options: Partial<SessionOptions> }> = {
    blackHoledIpv6: {
      network: fixedLookup([{ address: BLACK_HOLE.ipv6, family: 6 }, local]),
      options: {},
    },
    unroutedIpv6: {
      network: fixedLookup([{ address: UNROUTED.ipv6, family: 6 }, local]),
      options: {},
    },
    noFamilyWorks: {
      network: fixedLookup([
        { address: UNROUTED.ipv6, family: 6 },
        { address: UNROUTED.ipv4, family: 4 },
      ]),
      options: {},
    },
    allBlackHoled: {
      network: fixedLookup([
        { address: BLACK_HOLE.ipv6, family: 6 },
        { address: BLACK_HOLE.ipv4, family: 4 },
      ]),
      options: { deadlines: { connectMs: 1_500 } },
    },
    hostsFileDualStack: { network: {}, options: {} },
    hostsFileIpv4Only: { network: {}, options: { family: 'ipv4' } },
  };
  const results: Record<string, SessionReport> = {};
  for (const [name, { network, options }] of Object.entries(cases)) {
    const recorder = new Recorder(network);
    const sessionId = await recorder.open({ host: 'dual.mailtap.test', ...options });
    results[name] = await recorder.settle(sessionId);
    recorder.hub.dispose();
  }
  smtp.close();
  return results;
}

/** Checks the browser-mode guard against a client that is not on loopback. */
async function browserGuardScenario(): Promise<unknown> {
  const token = 'netns-token';
  const port = 8080;
  const guarded = http.createServer((request, response) => {
    const verdict = isRequestAllowed(request, { port, token, websocket: false });
    response.writeHead(verdict.ok ? 200 : verdict.status).end(verdict.ok ? 'ok' : verdict.reason);
  });
  await new Promise<void>((resolve) => guarded.listen(port, LINK_ADDRESS.ipv4, resolve));
  const fromLink = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.get(
      {
        host: LINK_ADDRESS.ipv4,
        port,
        path: `/?token=${token}`,
        localAddress: LINK_ADDRESS.ipv4,
        headers: { host: `127.0.0.1:${port}` },
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    request.on('error', reject);
  });
  guarded.close();

  const browserMode = await startBrowserModeServer({
    port: 0,
    rendererDir: path.resolve('dist/renderer'),
    logger: silentLogger,
  });
  const viaLink = await new Promise<string>((resolve) => {
    const socket = net.connect({ host: LINK_ADDRESS.ipv4, port: browserMode.port });
    socket.on('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
  await browserMode.close();
  return { fromLink, viaLink };
}

const SCENARIOS: Readonly<Record<string, () => Promise<unknown>>> = {
  dns: dnsScenario,
  'happy-eyeballs': happyEyeballsScenario,
  'browser-guard': browserGuardScenario,
};

const scenario = SCENARIOS[process.argv[2] ?? ''];
if (scenario === undefined) {
  process.stderr.write(
    `Unknown scenario ${process.argv[2] ?? '(none)'}; use one of ${Object.keys(SCENARIOS).join(', ')}.\n`,
  );
  process.exit(2);
}
scenario().then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
