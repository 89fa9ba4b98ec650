import type { CertificateFileCheck } from '../certificates/model';
import { makeError, type MailtapError } from '../errors';
import type { AddressFamily, ProtocolId, SecurityMode } from '../presets';
import { utf8ByteLength } from '../encoding/utf8-length';
import type { Deadlines, SessionLimits, SessionOptions } from '../session';
import type { RequestChannel, RequestParams } from './contract';
import { hostSyntaxProblem } from './host-syntax';
import { parseAuthStartParams, parseCramMd5Params } from './validate-auth';
import { parseSendLinesParams } from './validate-lines';
import { parseFeatureParams } from './validate-features';

/** Limits on request payloads, so that a bad sender cannot make the main process allocate much. */
export const MAX_HOST_LENGTH = 253;
export const MAX_NAME_LENGTH = 255;
/** A CA bundle of a few hundred certificates fits easily. */
export const MAX_CA_PEM_LENGTH = 1024 * 1024;
export const MAX_PATH_LENGTH = 4096;
/**
 * Maximum length of an input line in a request, in UTF-16 code units. It equals the engine's default
 * line cap in UTF-8 bytes, and every code unit takes at least one byte, so a line over it is over
 * that cap too and is rejected with the same INPUT_TOO_LONG.
 */
export const MAX_LINE_LENGTH = 1024 * 1024;
export const MAX_SESSION_ID_LENGTH = 64;
/** A SHA-256 fingerprint as 32 hex pairs with colons between them. */
export const SHA256_FINGERPRINT_LENGTH = 32 * 3 - 1;
/** A certificate bundle of every public root is about 200 KiB; the engine reads at most this. */
export const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;
/** A deadline longer than a day is a typo. */
export const MAX_DEADLINE_MS = 24 * 60 * 60 * 1000;
/** No per-session buffer may be set above 1 GiB, so one request cannot exhaust memory. */
export const MAX_LIMIT_BYTES = 1024 * 1024 * 1024;
/** RFC 8305, section 5 bounds the connection attempt delay to 10 ms at least and 2 s at most. */
export const MIN_CONNECTION_ATTEMPT_DELAY_MS = 10;
export const MAX_CONNECTION_ATTEMPT_DELAY_MS = 2_000;
/** Maximum length of a user name or authorization identity; RFC 4616 servers accept 255 bytes. */
export const MAX_AUTH_NAME_LENGTH = 1024;
/** Maximum length of a password or OAuth token; JWT access tokens reach a few thousand characters. */
export const MAX_AUTH_SECRET_LENGTH = 16 * 1024;
export const MAX_IMAP_TAG_LENGTH = 32;
/** Maximum length of a challenge for the CRAM-MD5 calculator; real ones are under 100 characters. */
export const MAX_CHALLENGE_LENGTH = 16 * 1024;

const PROTOCOLS: readonly ProtocolId[] = ['smtp', 'imap', 'pop3', 'raw'];
const SECURITY_MODES: readonly SecurityMode[] = ['plain', 'tls', 'starttls'];
const FAMILIES: readonly AddressFamily[] = ['auto', 'ipv4', 'ipv6'];
const DEADLINE_KEYS: readonly (keyof Deadlines)[] = [
  'dnsMs',
  'connectMs',
  'greetingMs',
  'handshakeMs',
  'replyMs',
  'idleMs',
];

const BYTE_LIMIT_KEYS: readonly (keyof SessionLimits)[] = [
  'maxTrackedLineBytes',
  'maxInputLineBytes',
  'unackedHighWatermarkBytes',
  'unackedLowWatermarkBytes',
  'transcriptMaxBytes',
];

export type Validation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: MailtapError };

/** Returns the detail of INPUT_TOO_LONG, for the request check here and the engine's own cap. */
export function describeLineTooLong(byteCount: number, maxBytes: number): string {
  return `The line has ${byteCount} bytes in UTF-8; the maximum is ${maxBytes} bytes. Send a shorter line.`;
}

/** A line over MAX_LINE_LENGTH in a request; `lineNumber` counts from 1 in a send-lines request. */
export class LineTooLong extends Error {
  constructor(line: string, lineNumber: number | null = null) {
    const sentence = describeLineTooLong(utf8ByteLength(line), MAX_LINE_LENGTH);
    super(lineNumber === null ? sentence : `Line ${lineNumber}: ${sentence}`);
  }
}

export class InvalidField extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field} ${problem}`);
  }
}

export function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidField(field, 'must be an object');
  }
  return value as Record<string, unknown>;
}

export function requireString(
  record: Record<string, unknown>,
  key: string,
  maxLength: number,
): string {
  const value = record[key];
  if (typeof value !== 'string') {
    throw new InvalidField(key, 'must be a string');
  }
  if (value.length > maxLength) {
    throw new InvalidField(key, `is longer than ${maxLength} characters`);
  }
  return value;
}

export function optionalString(
  record: Record<string, unknown>,
  key: string,
  maxLength: number,
): string | undefined {
  return record[key] === undefined ? undefined : requireString(record, key, maxLength);
}

export function requireChoice<T extends string>(
  record: Record<string, unknown>,
  key: string,
  choices: readonly T[],
): T {
  const value = record[key];
  if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
    throw new InvalidField(key, `must be one of ${choices.join(', ')}`);
  }
  return value as T;
}

export function requireInteger(
  record: Record<string, unknown>,
  key: string,
  min: number,
  max: number,
): number {
  const value = record[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidField(key, `must be a whole number from ${min} to ${max}`);
  }
  return value;
}

export function requireBoolean(record: Record<string, unknown>, key: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') {
    throw new InvalidField(key, 'must be true or false');
  }
  return value;
}

function hasControlCharacter(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u001f\u007f]/.test(text);
}

function parseDeadlines(value: unknown): Partial<Deadlines> {
  const record = asRecord(value, 'deadlines');
  const deadlines: Partial<Record<keyof Deadlines, number>> = {};
  for (const key of Object.keys(record)) {
    if (!(DEADLINE_KEYS as readonly string[]).includes(key)) {
      throw new InvalidField(`deadlines.${key}`, 'is not a known deadline');
    }
    deadlines[key as keyof Deadlines] = requireInteger(record, key, 1, MAX_DEADLINE_MS);
  }
  return deadlines;
}

function parseLimits(value: unknown): Partial<SessionLimits> {
  const record = asRecord(value, 'limits');
  const limits: Partial<Record<keyof SessionLimits, number>> = {};
  for (const key of Object.keys(record)) {
    if (key === 'connectionAttemptDelayMs') {
      limits[key] = requireInteger(
        record,
        key,
        MIN_CONNECTION_ATTEMPT_DELAY_MS,
        MAX_CONNECTION_ATTEMPT_DELAY_MS,
      );
    } else if ((BYTE_LIMIT_KEYS as readonly string[]).includes(key)) {
      limits[key as keyof SessionLimits] = requireInteger(record, key, 1, MAX_LIMIT_BYTES);
    } else {
      throw new InvalidField(`limits.${key}`, 'is not a known limit');
    }
  }
  const { unackedLowWatermarkBytes: low, unackedHighWatermarkBytes: high } = limits;
  if (low !== undefined && high !== undefined && low >= high) {
    throw new InvalidField(
      'limits.unackedLowWatermarkBytes',
      'must be smaller than limits.unackedHighWatermarkBytes',
    );
  }
  return limits;
}

function parseSessionOptions(value: unknown): SessionOptions {
  const record = asRecord(value, 'options');
  const host = requireString(record, 'host', MAX_HOST_LENGTH + 2).trim();
  if (host === '') {
    throw new InvalidField('host', 'is empty; enter a host name or an IP address');
  }
  if (hasControlCharacter(host) || /\s/.test(host)) {
    throw new InvalidField('host', 'contains white space or control characters');
  }
  const hostProblem = hostSyntaxProblem(host);
  if (hostProblem !== null) {
    throw new InvalidField('host', hostProblem);
  }
  const ehloName = optionalString(record, 'ehloName', MAX_NAME_LENGTH);
  if (ehloName !== undefined && hasControlCharacter(ehloName)) {
    throw new InvalidField('ehloName', 'contains control characters');
  }
  const sni = optionalString(record, 'sni', MAX_HOST_LENGTH);
  if (sni !== undefined && (hasControlCharacter(sni) || /\s/.test(sni))) {
    throw new InvalidField('sni', 'contains white space or control characters');
  }
  const verifyName = optionalString(record, 'verifyName', MAX_HOST_LENGTH);
  const options: SessionOptions = {
    host,
    port: requireInteger(record, 'port', 1, 65535),
    protocol: requireChoice(record, 'protocol', PROTOCOLS),
    security: requireChoice(record, 'security', SECURITY_MODES),
    ...(ehloName === undefined ? {} : { ehloName }),
    ...(sni === undefined ? {} : { sni }),
    ...(verifyName === undefined ? {} : { verifyName }),
    ...(record['family'] === undefined
      ? {}
      : { family: requireChoice(record, 'family', FAMILIES) }),
    ...(record['caPem'] === undefined
      ? {}
      : { caPem: requireString(record, 'caPem', MAX_CA_PEM_LENGTH) }),
    ...(record['caFile'] === undefined
      ? {}
      : { caFile: requireString(record, 'caFile', MAX_PATH_LENGTH) }),
    ...(record['legacyTls'] === undefined
      ? {}
      : { legacyTls: requireBoolean(record, 'legacyTls') }),
    ...(record['deadlines'] === undefined
      ? {}
      : { deadlines: parseDeadlines(record['deadlines']) }),
    ...(record['limits'] === undefined ? {} : { limits: parseLimits(record['limits']) }),
  };
  if (options.protocol === 'raw' && options.security === 'starttls') {
    throw new InvalidField(
      'security',
      'cannot be starttls for a raw session, which has no STARTTLS command',
    );
  }
  return options;
}

/** Reads the optional name and trust anchors that a certificate file is checked against. */
function parseCertificateFileCheck(record: Record<string, unknown>): CertificateFileCheck {
  const verifyName = optionalString(record, 'verifyName', MAX_HOST_LENGTH + 2)?.trim();
  if (verifyName !== undefined && (hasControlCharacter(verifyName) || /\s/.test(verifyName))) {
    throw new InvalidField('verifyName', 'contains white space or control characters');
  }
  const caFile = optionalString(record, 'caFile', MAX_PATH_LENGTH);
  const caPem = optionalString(record, 'caPem', MAX_CA_PEM_LENGTH);
  return {
    ...(verifyName === undefined || verifyName === '' ? {} : { verifyName }),
    ...(caFile === undefined ? {} : { caFile }),
    ...(caPem === undefined ? {} : { caPem }),
  };
}

export function parseSessionId(record: Record<string, unknown>): string {
  const sessionId = requireString(record, 'sessionId', MAX_SESSION_ID_LENGTH);
  if (sessionId === '') {
    throw new InvalidField('sessionId', 'is empty');
  }
  return sessionId;
}

function parseParams(channel: RequestChannel, params: unknown): unknown {
  switch (channel) {
    case 'app:defaults':
      return null;
    case 'session:open':
      return parseSessionOptions(params);
    case 'session:send-line': {
      const record = asRecord(params, 'params');
      const sessionId = parseSessionId(record);
      const text = record['text'];
      if (typeof text === 'string' && text.length > MAX_LINE_LENGTH) {
        throw new LineTooLong(text);
      }
      return { sessionId, text: requireString(record, 'text', MAX_LINE_LENGTH) };
    }
    case 'session:send-lines':
      return parseSendLinesParams(params);
    case 'session:accept-certificate': {
      const record = asRecord(params, 'params');
      const fingerprint = requireString(record, 'fingerprint', SHA256_FINGERPRINT_LENGTH);
      if (!/^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}$/.test(fingerprint)) {
        throw new InvalidField('fingerprint', 'must be 32 hex pairs separated by colons');
      }
      return { sessionId: parseSessionId(record), fingerprint };
    }
    case 'session:starttls':
    case 'session:close':
    case 'auth:stop':
    case 'session:certificates':
      return { sessionId: parseSessionId(asRecord(params, 'params')) };
    case 'certificates:analyze-file': {
      const record = asRecord(params, 'params');
      const bytes = record['bytes'];
      if (!(bytes instanceof Uint8Array)) {
        throw new InvalidField('bytes', 'must be a byte array');
      }
      if (bytes.byteLength > MAX_CERTIFICATE_FILE_BYTES) {
        throw new InvalidField(
          'bytes',
          `has ${bytes.byteLength} bytes; a certificate file may have at most ${MAX_CERTIFICATE_FILE_BYTES}`,
        );
      }
      return {
        fileName: requireString(record, 'fileName', MAX_NAME_LENGTH),
        bytes,
        ...parseCertificateFileCheck(record),
      };
    }
    case 'session:ack': {
      const record = asRecord(params, 'params');
      return {
        sessionId: parseSessionId(record),
        byteCount: requireInteger(record, 'byteCount', 0, Number.MAX_SAFE_INTEGER),
      };
    }
    case 'auth:start':
      return parseAuthStartParams(params);
    case 'auth:cram-md5':
      return parseCramMd5Params(params);
    case 'session:send-bytes':
    case 'transcript:read':
    case 'transcript:export':
    case 'transcript:keep-credentials':
    case 'file:save':
    case 'connections:list':
    case 'connections:save':
    case 'connections:delete':
    case 'connections:export':
    case 'connections:import':
      return parseFeatureParams(channel, params);
  }
}

/**
 * Checks an untrusted request payload against the contract and returns a typed copy that holds
 * only known fields. Both adapters run every request through this before the engine sees it.
 */
export function validateRequest<C extends RequestChannel>(
  channel: C,
  params: unknown,
): Validation<RequestParams<C>> {
  try {
    return { ok: true, value: parseParams(channel, params) as RequestParams<C> };
  } catch (error) {
    if (error instanceof LineTooLong) {
      return { ok: false, error: makeError('INPUT_TOO_LONG', { detail: error.message }) };
    }
    if (error instanceof InvalidField) {
      const code =
        channel === 'session:open'
          ? 'INVALID_OPTIONS'
          : channel === 'connections:save'
            ? 'CONNECTIONS_INVALID'
            : 'INVALID_REQUEST';
      return { ok: false, error: makeError(code, { detail: `${error.field} ${error.problem}.` }) };
    }
    throw error;
  }
}
