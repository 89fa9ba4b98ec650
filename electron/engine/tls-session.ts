import type net from 'node:net';
import { Duplex } from 'node:stream';
import tls from 'node:tls';

import { toChainHeadline } from '../../shared/certificates/diagnosis-catalog';
import type { CaptureInfo, ChainReport } from '../../shared/certificates/model';
import { makeError, type ErrorCode, type MailtapError } from '../../shared/errors';
import type { TlsSummary } from '../../shared/session';
import { analyzeChain } from './certificates/analyze-chain';
import { HandshakeRecorder } from './certificates/handshake-capture';
import type { RootStore } from './certificates/root-store';
import { diagnoseHandshakeFailure } from './tls-failure';
import { tlsPolicy } from './tls-policy';

/** TLS record content types (RFC 8446, section 5.1) that may open a server's first flight. */
const TLS_ALERT = 0x15;
const TLS_HANDSHAKE = 0x16;

/**
 * A duplex stream between a TCP socket and Node's TLS layer. It receives every raw byte the server
 * sends before TLS decrypts it, which lets the engine tell a TLS reply from plaintext (an
 * injected STARTTLS response, or a plaintext port), and hands the handshake's raw records to a
 * recorder, which reads the certificates from them. Back-pressure from the TLS layer pauses the
 * socket.
 */
class SocketTap extends Duplex {
  private firstByteChecked = false;
  /** True once the server sent FIN; TLS then reports the end of input as ECONNRESET. */
  endedByServer = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly onFirstByte: (byte: number, chunk: Buffer) => boolean,
    private readonly recorder: HandshakeRecorder,
  ) {
    super({ allowHalfOpen: false });
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
  }

  private readonly onData = (chunk: Buffer): void => {
    if (!this.firstByteChecked && chunk.length > 0) {
      this.firstByteChecked = true;
      if (!this.onFirstByte(chunk[0]!, chunk)) {
        return;
      }
    }
    this.recorder.record(chunk);
    if (!this.push(chunk)) {
      this.socket.pause();
    }
  };

  private readonly onEnd = (): void => {
    this.endedByServer = true;
    this.push(null);
  };

  private readonly onError = (error: Error): void => {
    this.destroy(error);
  };

  private readonly onClose = (): void => {
    if (!this.destroyed) {
      this.destroy();
    }
  };

  override _read(): void {
    this.socket.resume();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    this.socket.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.socket.end(callback);
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.socket.off('data', this.onData);
    this.socket.off('end', this.onEnd);
    this.socket.off('error', this.onError);
    this.socket.off('close', this.onClose);
    this.socket.destroy();
    callback(error);
  }
}

export interface TlsStartOptions {
  readonly socket: net.Socket;
  readonly host: string;
  readonly port: number;
  /** SNI to send, or null for none. */
  readonly servername: string | null;
  readonly verifyName: string;
  /** Trust anchors: the operating system's roots plus the user's. */
  readonly roots: RootStore;
  readonly deadlineMs: number;
  readonly viaStarttls: boolean;
  /**
   * The user's choice to allow TLS 1.0 and 1.1 and OpenSSL security level 0 for this
   * connection; strict settings when false or absent.
   */
  readonly legacyTls?: boolean;
  readonly signal: AbortSignal;
}

export interface TlsStartResult {
  readonly socket: tls.TLSSocket;
  readonly summary: TlsSummary;
  /** The certificate analysis, too large for every snapshot, so the renderer asks for it. */
  readonly certificates: ChainReport;
}

/** An expected TLS failure, carrying its catalog error. */
export class TlsFailure extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

function isPrintableAscii(chunk: Buffer): boolean {
  const sample = chunk.subarray(0, 16);
  return (
    sample.length > 0 &&
    sample.every((byte) => (byte >= 0x20 && byte < 0x7f) || byte === 0x0d || byte === 0x0a)
  );
}

/**
 * Runs a TLS client handshake over an already connected socket, for implicit TLS and STARTTLS
 * alike. It never rejects an untrusted certificate: the session goes on and the summary states what
 * is wrong. It fails closed when the first server bytes are not a TLS record, because after a
 * STARTTLS go-ahead those bytes can only be an injection, and on an implicit-TLS port they mean
 * the port speaks plaintext.
 */
export function startTls(options: TlsStartOptions): Promise<TlsStartResult> {
  const context = { host: options.host, port: options.port, phase: 'tls-handshake' as const };
  return new Promise<TlsStartResult>((resolve, reject) => {
    let settled = false;
    const settle = (
      outcome: { ok: true; result: TlsStartResult } | { ok: false; error: MailtapError },
    ): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', onAbort);
      // The error and close listeners stay: once settled they do nothing, and an error emitted
      // before the session attaches its own listener must not go unhandled.
      if (outcome.ok) {
        resolve(outcome.result);
      } else {
        secure.destroy();
        reject(new TlsFailure(outcome.error));
      }
    };

    const recorder = new HandshakeRecorder();
    const policy = tlsPolicy(options.legacyTls === true);
    const tap = new SocketTap(
      options.socket,
      (byte, chunk) => {
        if (byte === TLS_HANDSHAKE || byte === TLS_ALERT) {
          return true;
        }
        const text = chunk
          .subarray(0, 80)
          .toString('latin1')
          .replace(/[\r\n]+/g, ' ')
          .trim();
        const code: ErrorCode = options.viaStarttls ? 'STARTTLS_INJECTION' : 'TLS_PLAINTEXT_REPLY';
        const looksLikeText = isPrintableAscii(chunk);
        const detail = looksLikeText
          ? `The first bytes were "${text}".`
          : `The first byte was 0x${byte.toString(16).padStart(2, '0')}, which opens no TLS record.`;
        settle({ ok: false, error: makeError(code, { ...context, detail }) });
        return false;
      },
      recorder,
    );

    const secure = tls.connect({
      socket: tap,
      ...(options.servername === null ? {} : { servername: options.servername }),
      ca: [...options.roots.pems],
      minVersion: policy.minVersion,
      ...(policy.ciphers === undefined ? {} : { ciphers: policy.ciphers }),
      rejectUnauthorized: false,
      // The host-name check runs below, so that a mismatch is reported instead of aborting.
      checkServerIdentity: () => undefined,
    });

    const timer = setTimeout(() => {
      settle({
        ok: false,
        error: makeError('TLS_HANDSHAKE_TIMEOUT', {
          ...context,
          detail: `Waited ${options.deadlineMs} ms.`,
        }),
      });
    }, options.deadlineMs);
    const onAbort = (): void => settle({ ok: false, error: makeError('SESSION_CLOSED', context) });
    const onError = (error: NodeJS.ErrnoException): void => {
      if (tap.endedByServer && error.code === 'ECONNRESET') {
        settle({
          ok: false,
          error: makeError('TLS_HANDSHAKE_FAILED', {
            ...context,
            detail:
              'The server closed the connection (TCP FIN) during the handshake, before its TLS reply was complete.',
          }),
        });
        return;
      }
      settle({
        ok: false,
        error: diagnoseHandshakeFailure(error, recorder.finishFailed(), policy, context),
      });
    };
    const onClose = (): void => {
      settle({
        ok: false,
        error: makeError('TLS_HANDSHAKE_FAILED', {
          ...context,
          detail: 'The server closed the connection during the handshake.',
        }),
      });
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    // NOTE: Electron's Node runs on BoringSSL; its keylog event is expected to report the same
    // NSS key log lines, but only Node with OpenSSL is tested. Without the line, TLS 1.3 chains
    // fall back to the TLS library's view and the inspector says so.
    secure.on('keylog', recorder.onKeylog);
    secure.on('error', onError);
    secure.once('close', onClose);
    secure.once('secureConnect', () => {
      secure.off('keylog', recorder.onKeylog);
      const certificates = analyzeHandshake(secure, options, recorder);
      settle({
        ok: true,
        result: { socket: secure, summary: summarize(secure, options, certificates), certificates },
      });
    });
  });
}

/**
 * Analyses the chain of a finished handshake. The certificates come from the recorded handshake.
 * Only when that fails are they taken from the TLS library, whose issuer-linked view loses the
 * order and any extras.
 */
function analyzeHandshake(
  socket: tls.TLSSocket,
  options: TlsStartOptions,
  recorder: HandshakeRecorder,
): ChainReport {
  const outcome = recorder.finish();
  let sent: readonly Buffer[];
  let capture: CaptureInfo;
  if (outcome.ok) {
    sent = outcome.certificates;
    capture = { method: outcome.method, problem: null };
  } else {
    sent = runtimeChain(socket);
    capture = { method: 'runtime', problem: outcome.problem };
  }
  return analyzeChain({
    origin: 'handshake',
    label: `${options.host}:${options.port}`,
    sent,
    capture,
    roots: options.roots,
    verifyName: options.verifyName,
    runtimeError: socket.authorized ? null : String(socket.authorizationError ?? 'UNKNOWN'),
  });
}

/** Returns the peer chain as the TLS library links it: leaf first, each followed by its issuer. */
function runtimeChain(socket: tls.TLSSocket): Buffer[] {
  // NOTE: on Node 20.20, calling getPeerX509Certificate() first makes a later
  // getPeerCertificate() return an empty object, so only getPeerCertificate() is used.
  const chain: Buffer[] = [];
  const seen = new Set<tls.DetailedPeerCertificate>();
  let current: tls.DetailedPeerCertificate | undefined = socket.getPeerCertificate(true);
  // A root's issuerCertificate is itself, so the walk stops at the first repeat.
  while (current?.raw !== undefined && !seen.has(current)) {
    seen.add(current);
    chain.push(current.raw);
    current = current.issuerCertificate;
  }
  return chain;
}

function summarize(
  socket: tls.TLSSocket,
  options: TlsStartOptions,
  report: ChainReport,
): TlsSummary {
  const cipher = socket.getCipher();
  const keyInfo = socket.getEphemeralKeyInfo() as {
    type?: string;
    name?: string;
    size?: number;
  } | null;
  const leaf = report.certificates[report.sentOrder[0] ?? -1];
  const nameFinding = report.diagnoses.find((finding) => finding.code === 'NAME_MISMATCH');
  return {
    version: socket.getProtocol() ?? 'unknown',
    cipher: cipher.standardName || cipher.name,
    keyExchange: describeKeyExchange(keyInfo),
    alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
    sniSent: options.servername,
    verifyName: options.verifyName,
    trusted: report.trusted,
    chainError: report.verifierError ?? report.runtimeError,
    nameError: nameFinding === undefined ? null : nameFinding.text,
    leafSubject: leaf?.subject ?? '',
    leafIssuer: leaf?.issuer ?? '',
    leafValidTo: leaf?.notAfter ?? '',
    leafFingerprint256: leaf?.sha256Fingerprint ?? null,
    viaStarttls: options.viaStarttls,
    legacyTls: options.legacyTls === true,
    certificateCount: report.sentOrder.length,
    headline: toChainHeadline(report.headline),
  };
}

function describeKeyExchange(
  info: { type?: string; name?: string; size?: number } | null,
): string | null {
  if (info === null || info.type === undefined) {
    return null;
  }
  const name = info.name ?? info.type;
  return info.size === undefined ? name : `${name} (${info.size} bits)`;
}
