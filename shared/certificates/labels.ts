import type { CertificateInfo, ChainReport, RootStoreInfo } from './model';

const MILLISECONDS_PER_DAY = 24 * 60 * 60 * 1000;

/** The role a certificate plays, for labels and the diagram. */
export type CertificateRole = 'leaf' | 'intermediate' | 'root' | 'other';

/** Formats an ISO instant as its UTC date, `YYYY-MM-DD`, which reads the same in every locale. */
export function formatDate(iso: string): string {
  return iso.slice(0, 10);
}

/** Whole days from `from` to `to`, rounded toward zero; negative when `to` lies before `from`. */
export function daysBetween(from: Date, to: Date): number {
  return Math.trunc((to.getTime() - from.getTime()) / MILLISECONDS_PER_DAY);
}

/** Returns the common name, or the whole subject when there is none. */
export function displayName(info: CertificateInfo): string {
  return info.commonName ?? info.subject;
}

/** Returns the role of a certificate of a report, from its place in the verified path. */
export function roleOf(report: ChainReport, certificate: number): CertificateRole {
  const position = report.path.findIndex((step) => step.certificate === certificate);
  const info = report.certificates[certificate];
  if (position === 0) {
    return 'leaf';
  }
  if (info?.selfSigned === true) {
    return 'root';
  }
  if (position > 0 || info?.basicConstraints?.ca === true) {
    return 'intermediate';
  }
  return 'other';
}

const ROLE_WORDS: Readonly<Record<CertificateRole, string>> = {
  leaf: 'the leaf',
  intermediate: 'the intermediate',
  root: 'the root',
  other: 'the certificate',
};

/** Names a certificate for a sentence, e.g. `the intermediate "Example CA 1"`. */
export function certificateLabel(role: CertificateRole, info: CertificateInfo): string {
  return `${ROLE_WORDS[role]} "${displayName(info)}"`;
}

/** Describes a root store in a few words, e.g. `144 roots from /etc/ssl/certs/…, no CA file`. */
export function describeRootStore(info: RootStoreInfo): string {
  let system: string;
  if (info.source === 'system-api') {
    system = `${info.systemCount} operating-system roots`;
  } else if (info.source === 'system-bundle') {
    system = `${info.systemCount} roots from ${info.path ?? 'the system bundle'}`;
  } else {
    system = `${info.systemCount} roots bundled with the runtime`;
  }
  return info.userCount === 0
    ? `${system}, no CA file`
    : `${system} and ${info.userCount} from your CA file`;
}
