/**
 * Certificate generation for the test rig with the `openssl` command.
 *
 * OpenSSL 3.0 (Debian 12) has no `-not_before`/`-not_after` for `x509 -req` (they arrived in
 * 3.4), so every certificate is signed with `openssl ca`, which accepts exact start and end
 * dates. That is what expired and not-yet-valid certificates need.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { runCommand } from './run-command';

export type KeySpec =
  | { readonly type: 'rsa'; readonly bits: number }
  | { readonly type: 'ec'; readonly curve: 'P-256' | 'P-384' | 'P-521' };

export interface PrivateKey {
  readonly spec: KeySpec;
  readonly keyFile: string;
  readonly keyPem: string;
}

export type SignatureDigest = 'sha1' | 'sha256' | 'sha384' | 'sha512';

/** Key usage bits, spelled as OpenSSL's extension configuration spells them. */
export type KeyUsage =
  | 'digitalSignature'
  | 'nonRepudiation'
  | 'keyEncipherment'
  | 'dataEncipherment'
  | 'keyAgreement'
  | 'keyCertSign'
  | 'cRLSign';

export type ExtendedKeyUsage =
  'serverAuth' | 'clientAuth' | 'emailProtection' | 'codeSigning' | 'OCSPSigning';

export interface CertificateSubject {
  /** An empty string leaves the common name out, for certificates that name hosts only in SANs. */
  readonly commonName: string;
  readonly organization?: string;
}

export interface SubjectAltNames {
  readonly dns?: readonly string[];
  readonly ip?: readonly string[];
}

export interface CertificateRequest {
  /** File stem: the certificate is written to `<name>.pem` in the output folder. */
  readonly name: string;
  readonly subject: CertificateSubject;
  readonly key: PrivateKey;
  /** The signing certificate with its key; omitted for a self-signed certificate. */
  readonly issuer?: IssuedCertificate;
  readonly isCa?: boolean;
  /** basicConstraints pathlen, only meaningful with `isCa`. */
  readonly pathLength?: number;
  readonly subjectAltNames?: SubjectAltNames;
  /** Defaults to one day ago, so small clock differences do not make a fresh certificate not yet valid. */
  readonly notBefore?: Date;
  /** Defaults to `DEFAULT_CA_VALIDITY_DAYS` or `DEFAULT_LEAF_VALIDITY_DAYS` from now. */
  readonly notAfter?: Date;
  /** Omitted: a typical set for a CA or a TLS server. An empty list leaves the extension out. */
  readonly keyUsage?: readonly KeyUsage[];
  /** Omitted: serverAuth for a leaf, none for a CA. An empty list leaves the extension out. */
  readonly extendedKeyUsage?: readonly ExtendedKeyUsage[];
  readonly digest?: SignatureDigest;
  /** Adds an Authority Information Access caIssuers URI, for tests of chain completion. */
  readonly aiaCaIssuersUrl?: string;
}

export interface IssuedCertificate {
  readonly name: string;
  readonly subject: CertificateSubject;
  readonly certFile: string;
  readonly certPem: string;
  readonly key: PrivateKey;
  readonly notBefore: Date;
  readonly notAfter: Date;
}

/** Validity of generated CA certificates when the request sets no notAfter. */
export const DEFAULT_CA_VALIDITY_DAYS = 3650;

/** Validity of generated leaf certificates when the request sets no notAfter. */
export const DEFAULT_LEAF_VALIDITY_DAYS = 365;

/** Backdating of the default notBefore, which absorbs clock differences between processes. */
const DEFAULT_BACKDATE_DAYS = 1;

const MILLISECONDS_PER_DAY = 24 * 60 * 60 * 1000;

/** Returns the instant `days` days after `now`; negative values lie in the past. */
export function daysFromNow(days: number, now: Date = new Date()): Date {
  return new Date(now.getTime() + days * MILLISECONDS_PER_DAY);
}

function checkFileStem(name: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) {
    throw new Error(
      `Invalid file name stem ${JSON.stringify(name)}: use letters, digits, '.', '_', '+' or '-'.`,
    );
  }
}

/** Rejects characters that would break out of an OpenSSL configuration value. */
function checkConfigValue(fieldName: string, value: string, forbidden: RegExp): void {
  if (value === '' || forbidden.test(value)) {
    throw new Error(
      `Invalid ${fieldName} ${JSON.stringify(value)} for the OpenSSL extension configuration.`,
    );
  }
}

/** Generates a private key in `dir` as `<name>.key` (PKCS#8 PEM, unencrypted). */
export async function createKey(dir: string, name: string, spec: KeySpec): Promise<PrivateKey> {
  checkFileStem(name);
  await mkdir(dir, { recursive: true });
  const keyFile = join(dir, `${name}.key`);

  const algorithmArgs =
    spec.type === 'rsa'
      ? ['-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${spec.bits}`]
      : [
          '-algorithm',
          'EC',
          '-pkeyopt',
          `ec_paramgen_curve:${spec.curve}`,
          '-pkeyopt',
          'ec_param_enc:named_curve',
        ];
  await runCommand('openssl', ['genpkey', ...algorithmArgs, '-out', keyFile]);

  return { spec, keyFile, keyPem: await readFile(keyFile, 'utf8') };
}

/** Formats a subject for `openssl req -subj`, escaping the characters that syntax gives meaning to. */
function formatSubject(subject: CertificateSubject): string {
  const escape = (value: string): string =>
    value.replace(/[\\/+=]/g, (character) => `\\${character}`);
  let formatted = '';
  if (subject.organization !== undefined) formatted += `/O=${escape(subject.organization)}`;
  if (subject.commonName !== '') formatted += `/CN=${escape(subject.commonName)}`;
  if (formatted === '')
    throw new Error('Invalid certificate subject: set a commonName or an organization.');
  return formatted;
}

/** Formats a date as ASN.1 GeneralizedTime, which `openssl ca -startdate/-enddate` accepts. */
function formatAsn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function defaultKeyUsage(request: CertificateRequest): readonly KeyUsage[] {
  if (request.isCa === true) return ['keyCertSign', 'cRLSign', 'digitalSignature'];
  // RSA key exchange (TLS 1.2 without forward secrecy) needs keyEncipherment; EC keys never encrypt.
  return request.key.spec.type === 'rsa'
    ? ['digitalSignature', 'keyEncipherment']
    : ['digitalSignature'];
}

/** Builds the `[ca]` configuration and the extension section for one issuance. */
function buildCaConfig(request: CertificateRequest): string {
  const isCa = request.isCa === true;
  const extensions: string[] = [];

  let basicConstraints = isCa ? 'critical, CA:TRUE' : 'CA:FALSE';
  if (isCa && request.pathLength !== undefined)
    basicConstraints += `, pathlen:${request.pathLength}`;
  extensions.push(`basicConstraints = ${basicConstraints}`);

  const keyUsage = request.keyUsage ?? defaultKeyUsage(request);
  if (keyUsage.length > 0) extensions.push(`keyUsage = critical, ${keyUsage.join(', ')}`);

  const extendedKeyUsage = request.extendedKeyUsage ?? (isCa ? [] : ['serverAuth']);
  if (extendedKeyUsage.length > 0)
    extensions.push(`extendedKeyUsage = ${extendedKeyUsage.join(', ')}`);

  extensions.push('subjectKeyIdentifier = hash', 'authorityKeyIdentifier = keyid:always');

  if (request.aiaCaIssuersUrl !== undefined) {
    checkConfigValue('AIA caIssuers URL', request.aiaCaIssuersUrl, /[\s,]/);
    extensions.push(`authorityInfoAccess = caIssuers;URI:${request.aiaCaIssuersUrl}`);
  }

  const altNames: string[] = [];
  for (const [index, dnsName] of (request.subjectAltNames?.dns ?? []).entries()) {
    checkConfigValue('DNS subject alternative name', dnsName, /[\s,]/);
    altNames.push(`DNS.${index + 1} = ${dnsName}`);
  }
  for (const [index, address] of (request.subjectAltNames?.ip ?? []).entries()) {
    if (isIP(address) === 0)
      throw new Error(`Invalid IP subject alternative name ${JSON.stringify(address)}.`);
    altNames.push(`IP.${index + 1} = ${address}`);
  }
  if (altNames.length > 0) extensions.push('subjectAltName = @alt_names');

  // Paths are relative to the scratch folder (the command's working directory), so a '$' in
  // the caller's folder name cannot be taken for an OpenSSL configuration variable.
  return [
    '[ca]',
    'default_ca = issuing_ca',
    '[issuing_ca]',
    'database = ./index.txt',
    'new_certs_dir = .',
    'serial = ./serial',
    'policy = any_subject',
    'email_in_dn = no',
    'unique_subject = no',
    'copy_extensions = none',
    '[any_subject]',
    'organizationName = optional',
    'commonName = optional',
    '[certificate_extensions]',
    ...extensions,
    '[alt_names]',
    ...altNames,
    '',
  ].join('\n');
}

/** Returns a positive 16-byte random serial in hex. The top bit is cleared so DER needs no sign byte. */
function randomSerialHex(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] ?? 0) & 0x7f;
  return bytes.toString('hex').toUpperCase();
}

/**
 * Issues a certificate into `dir` as `<request.name>.pem`, signed by `request.issuer` or
 * self-signed. Each call uses its own throwaway `openssl ca` database, so calls are independent
 * and may run concurrently.
 */
export async function issueCertificate(
  dir: string,
  request: CertificateRequest,
): Promise<IssuedCertificate> {
  checkFileStem(request.name);
  await mkdir(dir, { recursive: true });

  const isCa = request.isCa === true;
  const notBefore = request.notBefore ?? daysFromNow(-DEFAULT_BACKDATE_DAYS);
  const notAfter =
    request.notAfter ?? daysFromNow(isCa ? DEFAULT_CA_VALIDITY_DAYS : DEFAULT_LEAF_VALIDITY_DAYS);
  const certFile = join(dir, `${request.name}.pem`);
  const scratchDir = await mkdtemp(join(dir, `.issue-${request.name}-`));

  try {
    const configFile = join(scratchDir, 'ca.cnf');
    const requestFile = join(scratchDir, 'request.csr');
    await writeFile(configFile, buildCaConfig(request));
    await writeFile(join(scratchDir, 'index.txt'), '');
    await writeFile(join(scratchDir, 'serial'), `${randomSerialHex()}\n`);

    await runCommand('openssl', [
      'req',
      '-new',
      '-utf8',
      '-key',
      request.key.keyFile,
      '-subj',
      formatSubject(request.subject),
      '-out',
      requestFile,
    ]);

    const signerArgs =
      request.issuer === undefined
        ? ['-selfsign', '-keyfile', request.key.keyFile]
        : ['-cert', request.issuer.certFile, '-keyfile', request.issuer.key.keyFile];
    await runCommand(
      'openssl',
      [
        'ca',
        '-batch',
        '-notext',
        '-preserveDN',
        '-utf8',
        '-config',
        configFile,
        '-extensions',
        'certificate_extensions',
        '-startdate',
        formatAsn1Time(notBefore),
        '-enddate',
        formatAsn1Time(notAfter),
        '-md',
        request.digest ?? 'sha256',
        ...signerArgs,
        '-in',
        requestFile,
        '-out',
        certFile,
      ],
      { cwd: scratchDir },
    );
  } finally {
    await rm(scratchDir, { recursive: true, force: true });
  }

  return {
    name: request.name,
    subject: request.subject,
    certFile,
    certPem: await readFile(certFile, 'utf8'),
    key: request.key,
    notBefore,
    notAfter,
  };
}

/** Writes the certificates' PEM blocks, in the given order, to `dir/fileName` and returns its path. */
export async function writePemBundle(
  dir: string,
  fileName: string,
  certificates: readonly IssuedCertificate[],
): Promise<string> {
  const bundleFile = join(dir, fileName);
  const pem = certificates.map((certificate) => certificate.certPem.trimEnd() + '\n').join('');
  await writeFile(bundleFile, pem);
  return bundleFile;
}

/** Host name on the rig's leaf certificate; connect with this name (or SNI) for name checks to pass. */
export const TEST_LEAF_NAME = 'mail.mailtap.test';

export interface TestPki {
  readonly dir: string;
  readonly root: IssuedCertificate;
  readonly intermediate: IssuedCertificate;
  readonly leaf: IssuedCertificate;
  /** root.pem: the trust anchor clients pass as their CA file. */
  readonly caFile: string;
  readonly caPem: string;
  /** leaf+intermediate.pem: the chain servers send, leaf first. */
  readonly leafChainFile: string;
  readonly leafKeyFile: string;
}

/**
 * Creates the rig's PKI in `dir`: root "Mailtap Test Root", intermediate "Mailtap Test
 * Intermediate" and leaf `TEST_LEAF_NAME`, valid for localhost and the loopback addresses the
 * rig binds. Writes root.pem, intermediate.pem, leaf.pem, leaf.key and leaf+intermediate.pem.
 */
export async function createTestPki(dir: string): Promise<TestPki> {
  const rsa2048: KeySpec = { type: 'rsa', bits: 2048 };
  const [rootKey, intermediateKey, leafKey] = await Promise.all([
    createKey(dir, 'root', rsa2048),
    createKey(dir, 'intermediate', rsa2048),
    createKey(dir, 'leaf', rsa2048),
  ]);

  const root = await issueCertificate(dir, {
    name: 'root',
    subject: { commonName: 'Mailtap Test Root', organization: 'Mailtap Test' },
    key: rootKey,
    isCa: true,
  });
  const intermediate = await issueCertificate(dir, {
    name: 'intermediate',
    subject: { commonName: 'Mailtap Test Intermediate', organization: 'Mailtap Test' },
    key: intermediateKey,
    issuer: root,
    isCa: true,
    pathLength: 0,
  });
  const leaf = await issueCertificate(dir, {
    name: 'leaf',
    subject: { commonName: TEST_LEAF_NAME },
    key: leafKey,
    issuer: intermediate,
    subjectAltNames: { dns: [TEST_LEAF_NAME, 'localhost'], ip: ['127.0.0.1', '127.0.0.2', '::1'] },
  });

  return {
    dir,
    root,
    intermediate,
    leaf,
    caFile: root.certFile,
    caPem: root.certPem,
    leafChainFile: await writePemBundle(dir, 'leaf+intermediate.pem', [leaf, intermediate]),
    leafKeyFile: leaf.key.keyFile,
  };
}
