import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';

import type { RootStoreInfo, RootStoreSource } from '../../../shared/certificates/model';
import type { Logger } from '../logger';

/**
 * System CA bundles in the order they are tried: Debian and Ubuntu (ca-certificates), then
 * RHEL, Fedora and CentOS (ca-certificates, p11-kit extract).
 */
export const SYSTEM_BUNDLE_PATHS: readonly string[] = [
  '/etc/ssl/certs/ca-certificates.crt',
  '/etc/pki/tls/certs/ca-bundle.crt',
];

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A trusted certificate with its OpenSSL view, for issuer look-ups. */
export interface TrustAnchor {
  readonly pem: string;
  readonly certificate: X509Certificate;
  readonly source: 'system-roots' | 'user-ca';
}

/** The roots one session trusts: the system's plus the user's CA file or PEM. */
export interface RootStore {
  readonly info: RootStoreInfo;
  readonly anchors: readonly TrustAnchor[];
  /** Every anchor in PEM, for the `ca` option of `tls.connect`. */
  readonly pems: readonly string[];
}

interface SystemRoots {
  readonly source: RootStoreSource;
  readonly path: string | null;
  readonly anchors: readonly TrustAnchor[];
}

/** Splits a PEM bundle into its certificate blocks, dropping any text around them. */
export function splitPemCertificates(text: string): string[] {
  return text.match(PEM_CERTIFICATE) ?? [];
}

function toAnchors(
  pems: readonly string[],
  source: TrustAnchor['source'],
  logger: Logger | undefined,
): TrustAnchor[] {
  const anchors: TrustAnchor[] = [];
  for (const pem of pems) {
    try {
      anchors.push({ pem, certificate: new X509Certificate(pem), source });
    } catch (error) {
      // One damaged entry in a bundle must not cost the other roots.
      logger?.warn('skipped an unreadable trust anchor', { source, error: String(error) });
    }
  }
  return anchors;
}

type CaCertificateReader = (store: 'system') => string[];

/**
 * Reads the operating system's roots: through `tls.getCACertificates('system')` where the
 * runtime has it (Node 22.15 and later, so Electron's Node), else from the first system bundle
 * file that exists, else the runtime's bundled Mozilla roots.
 */
export async function loadSystemRoots(logger?: Logger): Promise<SystemRoots> {
  const reader = (tls as { getCACertificates?: CaCertificateReader }).getCACertificates;
  if (typeof reader === 'function') {
    try {
      const pems = reader('system');
      if (pems.length > 0) {
        return {
          source: 'system-api',
          path: null,
          anchors: toAnchors(pems, 'system-roots', logger),
        };
      }
    } catch (error) {
      logger?.warn('reading the system roots through the runtime failed', {
        error: String(error),
      });
    }
  }

  for (const path of SYSTEM_BUNDLE_PATHS) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const pems = splitPemCertificates(text);
    if (pems.length > 0) {
      return { source: 'system-bundle', path, anchors: toAnchors(pems, 'system-roots', logger) };
    }
  }

  return {
    source: 'runtime-bundled',
    path: null,
    anchors: toAnchors(tls.rootCertificates, 'system-roots', logger),
  };
}

let cachedSystemRoots: Promise<SystemRoots> | null = null;

/**
 * Returns the system roots, read once per process: they change only when an administrator
 * updates the store, and a restart picks that up.
 */
export function systemRoots(logger?: Logger): Promise<SystemRoots> {
  cachedSystemRoots ??= loadSystemRoots(logger);
  return cachedSystemRoots;
}

/** Builds the root store of one session from the system roots and the user's PEM texts. */
export async function buildRootStore(
  userPems: readonly string[],
  logger?: Logger,
): Promise<RootStore> {
  const system = await systemRoots(logger);
  const user = toAnchors(userPems.flatMap(splitPemCertificates), 'user-ca', logger);
  const anchors = [...system.anchors, ...user];
  return {
    info: {
      source: system.source,
      path: system.path,
      systemCount: system.anchors.length,
      userCount: user.length,
    },
    anchors,
    pems: anchors.map((anchor) => anchor.pem),
  };
}
