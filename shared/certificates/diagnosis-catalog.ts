import type { ChainHeadline, Diagnosis } from './model';

/** `error` makes a chain untrusted; `warning` and `info` do not; `ok` is the trusted verdict. */
export type DiagnosisSeverity = 'error' | 'warning' | 'info' | 'ok';

/**
 * Parameters of each finding. Certificates are passed as ready labels such as
 * `the leaf "mail.example.com"`, dates as `YYYY-MM-DD`.
 */
export interface DiagnosisParams {
  NO_CERTIFICATE: Record<string, never>;
  CERTIFICATE_UNREADABLE: { position: number; reason: string };
  SELF_SIGNED_LEAF: { certificate: string };
  CERT_EXPIRED: { certificate: string; date: string; days: number };
  CERT_NOT_YET_VALID: { certificate: string; date: string; days: number };
  INTERMEDIATE_NOT_SENT: { certificate: string; issuer: string; url: string | null };
  UNKNOWN_ROOT: { certificate: string; issuer: string; rootSource: string };
  SIGNATURE_INVALID: { certificate: string; issuer: string };
  NOT_A_CA: { certificate: string };
  PATH_LENGTH_EXCEEDED: { certificate: string; pathLength: number };
  WRONG_PURPOSE: { certificate: string; usages: string };
  WEAK_KEY: { certificate: string; algorithm: string; bits: number; minimum: number };
  WEAK_SIGNATURE: { certificate: string; hash: string };
  NAME_MISMATCH: { expected: string; names: string };
  RUNTIME_REJECTED: { code: string };
  LEGACY_PATH_EXPIRED: { certificate: string; issuer: string; date: string };
  INTERMEDIATE_FROM_STORE: { certificate: string };
  WRONG_ORDER: { certificate: string; expectedAfter: string };
  EXTRA_CERTIFICATE: { certificate: string };
  DUPLICATE_CERTIFICATE: { certificate: string; count: number };
  EXPIRES_SOON: { certificate: string; date: string; days: number };
  ROOT_SENT: { certificate: string };
  RUNTIME_CAPTURE: { problem: string };
  NAME_NOT_CHECKED: Record<string, never>;
  TRUSTED: { root: string; name: string | null };
}

export type DiagnosisCode = keyof DiagnosisParams;

interface CatalogEntry<P> {
  readonly severity: DiagnosisSeverity;
  /** A few words for the session tab and the badges. */
  readonly short: string;
  readonly describe: (params: P) => string;
}

/** Certificates that expire within this many days get a warning, so there is time to renew. */
export const EXPIRY_WARNING_DAYS = 30;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/**
 * The catalog of findings, in headline priority: the first finding in this order that a chain
 * has becomes its headline. Tests assert the codes, never the wording.
 */
export const DIAGNOSIS_CATALOG: {
  readonly [C in DiagnosisCode]: CatalogEntry<DiagnosisParams[C]>;
} = {
  NO_CERTIFICATE: {
    severity: 'error',
    short: 'no certificate',
    describe: () => 'The server sent no certificate.',
  },
  CERTIFICATE_UNREADABLE: {
    severity: 'error',
    short: 'unreadable certificate',
    describe: ({ position, reason }) =>
      `Certificate ${position} could not be parsed (${reason}), so clients reject the chain.`,
  },
  SELF_SIGNED_LEAF: {
    severity: 'error',
    short: 'self-signed',
    describe: ({ certificate }) =>
      `The server sent ${certificate}, which is self-signed: clients trust it only if it is installed as a trusted root.`,
  },
  CERT_EXPIRED: {
    severity: 'error',
    short: 'expired',
    describe: ({ certificate, date, days }) =>
      `${capitalize(certificate)} expired on ${date}, ${plural(days, 'day')} ago.`,
  },
  CERT_NOT_YET_VALID: {
    severity: 'error',
    short: 'not yet valid',
    describe: ({ certificate, date, days }) =>
      `${capitalize(certificate)} is not valid before ${date}, ${plural(days, 'day')} from now; check the clock of the machine that issued it.`,
  },
  INTERMEDIATE_NOT_SENT: {
    severity: 'error',
    short: 'intermediate missing',
    describe: ({ certificate, issuer, url }) =>
      `The server did not send the issuer of ${certificate} (${issuer}), and it is not a trusted root.` +
      (url === null
        ? ' Add the intermediate certificate to the server’s certificate file.'
        : ` Add it to the server’s certificate file; it can be downloaded from ${url}.`),
  },
  UNKNOWN_ROOT: {
    severity: 'error',
    short: 'unknown root',
    describe: ({ certificate, issuer, rootSource }) =>
      `The chain ends at ${certificate}, issued by ${issuer}, which is not among the trusted roots (${rootSource}).`,
  },
  SIGNATURE_INVALID: {
    severity: 'error',
    short: 'bad signature',
    describe: ({ certificate, issuer }) =>
      `The signature on ${certificate} does not verify with the key of ${issuer}.`,
  },
  NOT_A_CA: {
    severity: 'error',
    short: 'issuer is not a CA',
    describe: ({ certificate }) =>
      `${capitalize(certificate)} issued another certificate but is not marked as a CA (basic constraints).`,
  },
  PATH_LENGTH_EXCEEDED: {
    severity: 'error',
    short: 'path too long',
    describe: ({ certificate, pathLength }) =>
      `${capitalize(certificate)} allows at most ${plural(pathLength, 'intermediate')} below it, and the chain has more.`,
  },
  WRONG_PURPOSE: {
    severity: 'error',
    short: 'not for servers',
    describe: ({ certificate, usages }) =>
      `${capitalize(certificate)} is not valid for TLS servers: its extended key usage is ${usages}.`,
  },
  WEAK_KEY: {
    severity: 'error',
    short: 'weak key',
    describe: ({ certificate, algorithm, bits, minimum }) =>
      `${capitalize(certificate)} has a ${bits}-bit ${algorithm} key; current clients require at least ${minimum} bits.`,
  },
  WEAK_SIGNATURE: {
    severity: 'error',
    short: 'weak signature',
    describe: ({ certificate, hash }) =>
      `${capitalize(certificate)} is signed with ${hash}, which current clients reject; reissue it with SHA-256.`,
  },
  NAME_MISMATCH: {
    severity: 'error',
    short: 'wrong name',
    describe: ({ expected, names }) =>
      `The certificate is for ${names}, not for ${expected}, the name this session expects.`,
  },
  RUNTIME_REJECTED: {
    severity: 'error',
    short: 'rejected',
    describe: ({ code }) => `The TLS library of this runtime rejected the chain (${code}).`,
  },
  LEGACY_PATH_EXPIRED: {
    severity: 'warning',
    short: 'expired cross-sign',
    describe: ({ certificate, issuer, date }) =>
      `The server sent ${certificate}, issued by ${issuer}, which expired on ${date}; current clients take a shorter path, but clients that follow the sent chain (OpenSSL 1.0.x, old GnuTLS) fail.`,
  },
  INTERMEDIATE_FROM_STORE: {
    severity: 'warning',
    short: 'intermediate not sent',
    describe: ({ certificate }) =>
      `The server did not send ${certificate}; this machine has it among its trusted certificates, but other clients may not, so add it to the server’s certificate file.`,
  },
  WRONG_ORDER: {
    severity: 'warning',
    short: 'wrong order',
    describe: ({ certificate, expectedAfter }) =>
      `The chain is out of order: ${certificate} should come right after ${expectedAfter}. Most clients cope, some strict ones do not.`,
  },
  EXTRA_CERTIFICATE: {
    severity: 'warning',
    short: 'not in the chain',
    describe: ({ certificate }) =>
      `The server sent ${certificate}, which is not part of the chain; remove it from the certificate file.`,
  },
  DUPLICATE_CERTIFICATE: {
    severity: 'warning',
    short: 'duplicate',
    describe: ({ certificate, count }) =>
      `The server sent ${certificate} ${count} times; once is enough.`,
  },
  EXPIRES_SOON: {
    severity: 'warning',
    short: 'expires soon',
    describe: ({ certificate, date, days }) =>
      `${capitalize(certificate)} expires on ${date}, in ${plural(days, 'day')}.`,
  },
  ROOT_SENT: {
    severity: 'info',
    short: 'root sent',
    describe: ({ certificate }) =>
      `The server sent ${certificate}. Clients use their own copy of a root, so sending it only adds bytes to every handshake.`,
  },
  RUNTIME_CAPTURE: {
    severity: 'info',
    short: 'order not captured',
    describe: ({ problem }) =>
      `The certificates were taken from the TLS library after the handshake (${problem}), so their order, duplicates and extras may differ from what the server sent.`,
  },
  NAME_NOT_CHECKED: {
    severity: 'info',
    short: 'name not checked',
    describe: () =>
      'No host name was checked, because the chain was opened from a file without one; enter a host name in the file view to check it.',
  },
  TRUSTED: {
    severity: 'ok',
    short: 'trusted',
    describe: ({ root, name }) =>
      name === null
        ? `The chain verifies up to the trusted root ${root}.`
        : `The chain verifies up to the trusted root ${root}, and the certificate is valid for ${name}.`,
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const PRIORITY: readonly DiagnosisCode[] = Object.keys(DIAGNOSIS_CATALOG) as DiagnosisCode[];

/** Builds one finding from the catalog. */
export function diagnose<C extends DiagnosisCode>(
  code: C,
  params: DiagnosisParams[C],
  certificates: readonly number[] = [],
): Diagnosis {
  const entry = DIAGNOSIS_CATALOG[code];
  return { code, severity: entry.severity, text: entry.describe(params), certificates };
}

/** Sorts findings by headline priority, keeping the order of findings with the same code. */
export function sortDiagnoses(diagnoses: readonly Diagnosis[]): Diagnosis[] {
  return [...diagnoses].sort((a, b) => PRIORITY.indexOf(a.code) - PRIORITY.indexOf(b.code));
}

/** Returns the finding that answers the question: the first error, else the trusted verdict. */
export function chooseHeadline(diagnoses: readonly Diagnosis[], trusted: Diagnosis): Diagnosis {
  return sortDiagnoses(diagnoses).find((diagnosis) => diagnosis.severity === 'error') ?? trusted;
}

export function shortLabel(code: DiagnosisCode): string {
  return DIAGNOSIS_CATALOG[code].short;
}

/** Shrinks a headline to what the session snapshot carries. */
export function toChainHeadline(diagnosis: Diagnosis): ChainHeadline {
  return {
    code: diagnosis.code,
    severity: diagnosis.severity,
    text: diagnosis.text,
    shortText: shortLabel(diagnosis.code),
  };
}

export function isDiagnosisCode(value: unknown): value is DiagnosisCode {
  return typeof value === 'string' && Object.hasOwn(DIAGNOSIS_CATALOG, value);
}
