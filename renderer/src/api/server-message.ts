import { isDiagnosisCode } from '../../../shared/certificates/diagnosis-catalog';
import type { ChainReport } from '../../../shared/certificates/model';
import type { SessionPhase } from '../../../shared/errors';
import type { Envelope, RequestChannel } from '../../../shared/ipc/contract';
import type { ProtocolId, SecurityMode } from '../../../shared/presets';
import type {
  CapabilitySource,
  OutputBatch,
  OutputEntry,
  SessionSnapshot,
} from '../../../shared/session';
import { isMailtapError } from './request-errors';
import { checkFeatureResult } from './feature-results';
import { checkSendLinesResult } from './send-lines-result';

/** A message from the engine after its shape was checked. */
export type ServerEvent =
  | { readonly channel: 'session:output'; readonly payload: OutputBatch }
  | { readonly channel: 'session:state'; readonly payload: SessionSnapshot };

export type ParsedServerMessage =
  | { readonly type: 'response'; readonly id: number; readonly envelope: Envelope<unknown> }
  | ({ readonly type: 'event' } & ServerEvent);

export type Checked<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const PROTOCOLS: Readonly<Record<ProtocolId, true>> = {
  smtp: true,
  imap: true,
  pop3: true,
  raw: true,
};
const SECURITY_MODES: Readonly<Record<SecurityMode, true>> = {
  plain: true,
  tls: true,
  starttls: true,
};
const PHASES: Readonly<Record<SessionPhase, true>> = {
  resolving: true,
  connecting: true,
  'tls-handshake': true,
  greeting: true,
  starttls: true,
  ready: true,
  closing: true,
  closed: true,
};
const NOTE_LEVELS: Readonly<Record<string, true>> = { info: true, warning: true, error: true };
const AUTH_STATES: Readonly<Record<string, true>> = {
  running: true,
  succeeded: true,
  failed: true,
};
const SIGNATURE_STATES: Readonly<Record<string, true>> = {
  verified: true,
  mismatch: true,
  missing: true,
};

export class ShapeError extends Error {}

export function fail(problem: string): never {
  throw new ShapeError(problem);
}

export function record(value: unknown, fieldName: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`${fieldName} is not an object`);
  }
  return value as Record<string, unknown>;
}

export function string(value: unknown, fieldName: string): string {
  return typeof value === 'string' ? value : fail(`${fieldName} is not a string`);
}

function stringOrNull(value: unknown, fieldName: string): string | null {
  return value === null ? null : string(value, fieldName);
}

export function boolean(value: unknown, fieldName: string): boolean {
  return typeof value === 'boolean' ? value : fail(`${fieldName} is not a boolean`);
}

export function count(value: unknown, fieldName: string): number {
  return Number.isSafeInteger(value) && (value as number) >= 0
    ? (value as number)
    : fail(`${fieldName} is not a non-negative integer`);
}

function oneOf<T extends string>(
  value: unknown,
  choices: Readonly<Record<T, true>>,
  fieldName: string,
): T {
  return typeof value === 'string' && Object.hasOwn(choices, value)
    ? (value as T)
    : fail(`${fieldName} is not one of ${Object.keys(choices).join(', ')}`);
}

export function checkEntry(value: unknown, index: number): OutputEntry {
  const entry = record(value, `entries[${index}]`);
  switch (entry.kind) {
    case 'server':
      if (!(entry.bytes instanceof Uint8Array)) {
        fail(`entries[${index}].bytes is not a byte array`);
      }
      return entry as OutputEntry;
    case 'client':
      string(entry.text, `entries[${index}].text`);
      boolean(entry.automatic, `entries[${index}].automatic`);
      return entry as OutputEntry;
    case 'note':
      oneOf(entry.level, NOTE_LEVELS, `entries[${index}].level`);
      string(entry.text, `entries[${index}].text`);
      return entry as OutputEntry;
    default:
      return fail(`entries[${index}].kind is not server, client or note`);
  }
}

function checkOutputBatch(value: unknown): OutputBatch {
  const batch = record(value, 'payload');
  string(batch.sessionId, 'sessionId');
  count(batch.serverBytes, 'serverBytes');
  if (!Array.isArray(batch.entries)) {
    fail('entries is not an array');
  }
  batch.entries.forEach(checkEntry);
  return batch as unknown as OutputBatch;
}

function checkTls(value: unknown): void {
  if (value === null) {
    return;
  }
  const tls = record(value, 'tls');
  for (const key of [
    'version',
    'cipher',
    'verifyName',
    'leafSubject',
    'leafIssuer',
    'leafValidTo',
  ]) {
    string(tls[key], `tls.${key}`);
  }
  for (const key of [
    'keyExchange',
    'alpn',
    'sniSent',
    'chainError',
    'nameError',
    'leafFingerprint256',
  ]) {
    stringOrNull(tls[key], `tls.${key}`);
  }
  boolean(tls.trusted, 'tls.trusted');
  boolean(tls.viaStarttls, 'tls.viaStarttls');
  count(tls.certificateCount, 'tls.certificateCount');
  checkHeadline(tls.headline, 'tls.headline');
}

/** Checks a finding, or with `short` a snapshot's headline, which adds `shortText`. */
function checkHeadline(value: unknown, fieldName: string, short = true): void {
  const headline = record(value, fieldName);
  if (!isDiagnosisCode(headline.code)) {
    fail(`${fieldName}.code is not a diagnosis code`);
  }
  string(headline.severity, `${fieldName}.severity`);
  string(headline.text, `${fieldName}.text`);
  if (short) {
    string(headline.shortText, `${fieldName}.shortText`);
  }
}

/** Checks the parts of a chain report that the inspector indexes into. */
function checkChainReport(value: unknown): ChainReport {
  const report = record(value, 'result');
  for (const key of ['certificates', 'sentOrder', 'path', 'diagnoses']) {
    if (!Array.isArray(report[key])) {
      fail(`${key} is not an array`);
    }
  }
  const certificates = report.certificates as unknown[];
  const inRange = (index: unknown, fieldName: string): void => {
    if (count(index, fieldName) >= certificates.length) {
      fail(`${fieldName} points past the certificate list`);
    }
  };
  certificates.forEach((certificate, index) => {
    const info = record(certificate, `certificates[${index}]`);
    string(info.subject, `certificates[${index}].subject`);
    string(info.pem, `certificates[${index}].pem`);
  });
  (report.sentOrder as unknown[]).forEach((index, at) => inRange(index, `sentOrder[${at}]`));
  (report.path as unknown[]).forEach((step, at) =>
    inRange(record(step, `path[${at}]`).certificate, `path[${at}].certificate`),
  );
  checkHeadline(report.headline, 'headline', false);
  boolean(report.trusted, 'trusted');
  return report as unknown as ChainReport;
}

const CAPABILITY_SOURCES: Readonly<Record<CapabilitySource, true>> = {
  ehlo: true,
  helo: true,
  greeting: true,
  'response-code': true,
  capability: true,
  capa: true,
};

function checkCapabilities(value: unknown, fieldName = 'capabilities'): void {
  if (value === null) {
    return;
  }
  const capabilities = record(value, fieldName);
  if (!Array.isArray(capabilities.keywords)) {
    fail(`${fieldName}.keywords is not an array`);
  }
  capabilities.keywords.forEach((keyword, index) =>
    string(keyword, `${fieldName}.keywords[${index}]`),
  );
  boolean(capabilities.underTls, `${fieldName}.underTls`);
  if (capabilities.source !== undefined) {
    oneOf(capabilities.source, CAPABILITY_SOURCES, `${fieldName}.source`);
  }
  if (capabilities.stale !== undefined) {
    boolean(capabilities.stale, `${fieldName}.stale`);
  }
  if (capabilities.afterLogin !== undefined) {
    boolean(capabilities.afterLogin, `${fieldName}.afterLogin`);
  }
}

function checkInputState(value: unknown): void {
  const input = record(value, 'input');
  count(input.awaitingReplies, 'input.awaitingReplies');
  count(input.heldLines, 'input.heldLines');
  count(input.replyCount, 'input.replyCount');
  boolean(input.inMessageBody, 'input.inMessageBody');
  if (input.lastReply !== null) {
    const reply = record(input.lastReply, 'input.lastReply');
    stringOrNull(reply.command, 'input.lastReply.command');
    string(reply.status, 'input.lastReply.status');
    string(reply.line, 'input.lastReply.line');
  }
}

function checkAuth(value: unknown): void {
  if (value === null) {
    return;
  }
  const auth = record(value, 'auth');
  string(auth.label, 'auth.label');
  oneOf(auth.state, AUTH_STATES, 'auth.state');
  if (!Array.isArray(auth.sentLines)) {
    fail('auth.sentLines is not an array');
  }
  auth.sentLines.forEach((line, index) => string(line, `auth.sentLines[${index}]`));
  if (auth.lastChallenge !== null) {
    const challenge = record(auth.lastChallenge, 'auth.lastChallenge');
    string(challenge.base64, 'auth.lastChallenge.base64');
    string(challenge.text, 'auth.lastChallenge.text');
  }
  stringOrNull(auth.finalReply, 'auth.finalReply');
  stringOrNull(auth.explanation, 'auth.explanation');
  if (auth.serverSignature !== null) {
    oneOf(auth.serverSignature, SIGNATURE_STATES, 'auth.serverSignature');
  }
}

function checkSnapshot(value: unknown): SessionSnapshot {
  const snapshot = record(value, 'snapshot');
  string(snapshot.sessionId, 'sessionId');
  string(snapshot.host, 'host');
  count(snapshot.port, 'port');
  oneOf(snapshot.protocol, PROTOCOLS, 'protocol');
  oneOf(snapshot.security, SECURITY_MODES, 'security');
  oneOf(snapshot.phase, PHASES, 'phase');
  stringOrNull(snapshot.remoteAddress, 'remoteAddress');
  checkTls(snapshot.tls);
  checkCapabilities(snapshot.capabilities);
  if (snapshot.capabilitiesBeforeTls !== undefined) {
    checkCapabilities(snapshot.capabilitiesBeforeTls, 'capabilitiesBeforeTls');
  }
  if (snapshot.input !== undefined) {
    checkInputState(snapshot.input);
  }
  boolean(snapshot.upgrading, 'upgrading');
  stringOrNull(snapshot.acceptedFingerprint, 'acceptedFingerprint');
  if (snapshot.error !== null && !isMailtapError(snapshot.error)) {
    fail('error is neither null nor a catalog error');
  }
  stringOrNull(snapshot.closeReason, 'closeReason');
  checkAuth(snapshot.auth);
  return snapshot as unknown as SessionSnapshot;
}

function checkEnvelope(value: unknown): Envelope<unknown> {
  const envelope = record(value, 'envelope');
  if (envelope.ok === true) {
    if (!('value' in envelope)) {
      fail('envelope has no value');
    }
    return envelope as Envelope<unknown>;
  }
  if (envelope.ok === false && isMailtapError(envelope.error)) {
    return envelope as Envelope<unknown>;
  }
  return fail('envelope is neither a value nor a catalog error');
}

function checked<T>(check: () => T): Checked<T> {
  try {
    return { ok: true, value: check() };
  } catch (error) {
    if (error instanceof ShapeError) {
      return { ok: false, problem: error.message };
    }
    throw error;
  }
}

/** Checks a decoded WebSocket message from the engine before anything trusts its shape. */
export function parseServerMessage(value: unknown): Checked<ParsedServerMessage> {
  return checked(() => {
    const message = record(value, 'message');
    if (message.type === 'response') {
      const id = count(message.id, 'id');
      return { type: 'response', id, envelope: checkEnvelope(message.envelope) };
    }
    if (message.type !== 'event') {
      return fail('type is neither response nor event');
    }
    if (message.channel === 'session:output') {
      return {
        type: 'event',
        channel: message.channel,
        payload: checkOutputBatch(message.payload),
      };
    }
    if (message.channel === 'session:state') {
      return { type: 'event', channel: message.channel, payload: checkSnapshot(message.payload) };
    }
    return fail('channel is not an event channel');
  });
}

function checkSendLineResult(value: unknown): void {
  const result = record(value, 'result');
  if (result.sent === true) {
    return;
  }
  if (result.sent !== false || !isMailtapError(result.error)) {
    fail('result is neither {sent: true} nor {sent: false} with a catalog error');
  }
}

/** Checks the value of a successful response against fieldName its channel promises. */
export function checkResult(channel: RequestChannel, value: unknown): Checked<unknown> {
  return checked(() => {
    switch (channel) {
      case 'app:defaults': {
        const defaults = record(value, 'result');
        string(defaults.ehloName, 'ehloName');
        record(defaults.deadlines, 'deadlines');
        return value;
      }
      case 'session:open':
        return checkSnapshot(value);
      case 'session:send-line':
      case 'session:starttls':
      case 'auth:start':
        checkSendLineResult(value);
        return value;
      case 'session:send-lines':
        return checkSendLinesResult(value);
      case 'auth:cram-md5': {
        const result = record(value, 'result');
        for (const key of ['challengeText', 'digestHex', 'responseText', 'responseBase64']) {
          string(result[key], key);
        }
        return value;
      }
      case 'session:accept-certificate':
      case 'session:close':
      case 'auth:stop':
      case 'session:ack':
        return value === null ? null : fail('result is not null');
      case 'session:certificates':
        return value === null ? null : checkChainReport(value);
      case 'certificates:analyze-file':
        return checkChainReport(value);
      case 'session:send-bytes':
        checkSendLineResult(value);
        return value;
      default:
        return checkFeatureResult(channel, value);
    }
  });
}
