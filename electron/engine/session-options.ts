import { isFullyQualifiedName } from '../../shared/protocol/ehlo-name';
import net from 'node:net';
import os from 'node:os';

import { makeError, type MailtapError } from '../../shared/errors';
import type { AddressFamily, ProtocolId, SecurityMode } from '../../shared/presets';
import type { Deadlines, SessionLimits, SessionOptions } from '../../shared/session';
import { readCaFileText } from './ca-file';
import { unbracketHost } from './connect';
import { DEFAULT_DEADLINES, DEFAULT_LIMITS } from './limits';
import { buildRootStore, type RootStore } from './certificates/root-store';

/** Session options with every default filled in and the CA file read. */
export interface ResolvedSessionOptions {
  readonly host: string;
  readonly port: number;
  readonly protocol: ProtocolId;
  readonly security: SecurityMode;
  /** The EHLO argument; empty for the address literal of the connection's local address. */
  readonly ehloName: string;
  readonly servername: string | null;

  readonly verifyName: string;
  readonly family: AddressFamily;
  /** The operating system's roots plus the user's CA file and PEM. */
  readonly roots: RootStore;
  /** True only when the user allowed legacy TLS for this connection. */
  readonly legacyTls: boolean;
  readonly deadlines: Deadlines;
  readonly limits: SessionLimits;
}

export class InvalidOptions extends Error {
  constructor(readonly error: MailtapError) {
    super(error.message);
  }
}

/**
 * Returns this machine's host name when it is fully qualified, the default EHLO argument, and
 * else an empty string. The session then sends the address literal of its local address, which
 * RFC 5321, section 4.1.1.1 recommends for a client without a domain name.

 */
export function defaultEhloName(): string {
  const name = os.hostname();
  return isFullyQualifiedName(name) ? name : '';
}

/**
 * Fills in defaults. SNI is the typed host unless it is an IP literal, because RFC 6066,
 * section 3 forbids literal addresses in SNI. The certificate is checked against the SNI, or
 * else the host.
 */
export async function resolveSessionOptions(
  options: SessionOptions,
): Promise<ResolvedSessionOptions> {
  const bareHost = unbracketHost(options.host);
  const isLiteral = net.isIP(bareHost) !== 0;
  let servername: string | null;
  if (options.sni === undefined) {
    servername = isLiteral ? null : bareHost;
  } else {
    servername = options.sni === '' ? null : options.sni;
  }
  if (servername !== null && net.isIP(servername) !== 0) {
    throw new InvalidOptions(
      makeError('INVALID_OPTIONS', {
        host: options.host,
        detail: `SNI "${servername}" is an IP address, which TLS does not allow; leave SNI empty.`,
      }),
    );
  }

  const userAnchors = await readUserAnchors(options, options.host);

  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (limits.unackedLowWatermarkBytes >= limits.unackedHighWatermarkBytes) {
    throw new InvalidOptions(
      makeError('INVALID_OPTIONS', {
        host: options.host,
        detail: `The low watermark (${limits.unackedLowWatermarkBytes} bytes) must be below the high watermark (${limits.unackedHighWatermarkBytes} bytes); set both.`,
      }),
    );
  }

  return {
    host: options.host,
    port: options.port,
    protocol: options.protocol,
    security: options.security,
    ehloName: options.ehloName?.trim() || defaultEhloName(),
    servername,
    verifyName: options.verifyName?.trim() || servername || bareHost,
    family: options.family ?? 'auto',
    roots: await buildRootStore(userAnchors),
    legacyTls: options.legacyTls === true,
    deadlines: { ...DEFAULT_DEADLINES, ...options.deadlines },
    limits,
  };
}

/**
 * Returns the user's extra trust anchors as PEM texts: the pasted PEM and the CA file's content.
 * Throws InvalidOptions when the CA file cannot be read or contains no certificate.
 */
export async function readUserAnchors(
  options: { readonly caPem?: string; readonly caFile?: string },
  host?: string,
): Promise<string[]> {
  const userAnchors: string[] = [];
  if (options.caPem !== undefined && options.caPem.trim() !== '') {
    userAnchors.push(options.caPem);
  }
  if (options.caFile !== undefined && options.caFile.trim() !== '') {
    userAnchors.push(await readCaFile(options.caFile.trim(), host));
  }
  return userAnchors;
}

async function readCaFile(path: string, host: string | undefined): Promise<string> {
  const file = await readCaFileText(path);
  if (!file.ok) {
    throw new InvalidOptions(
      makeError('INVALID_OPTIONS', {
        ...(host === undefined ? {} : { host }),
        detail: file.problem,
      }),
    );
  }
  const { text } = file;
  if (!text.includes('-----BEGIN CERTIFICATE-----')) {
    throw new InvalidOptions(
      makeError('INVALID_OPTIONS', {
        ...(host === undefined ? {} : { host }),
        detail: `The CA file ${path} contains no PEM certificate ("-----BEGIN CERTIFICATE-----").`,
      }),
    );
  }
  return text;
}
