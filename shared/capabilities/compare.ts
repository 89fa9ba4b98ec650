import type { ProtocolId } from '../presets';
import { describeCapabilities, isMaskedKeyword } from './describe';
import type { CapabilityEntry } from './types';

/** Difference of one capability between the plaintext list and the list learned over TLS. */
export type CapabilityChange =
  'same' | 'added' | 'removed' | 'changed' | 'plaintext-only' | 'tls-only';

export interface CapabilityRow {
  readonly name: string;
  readonly plaintext: CapabilityEntry | null;
  readonly tls: CapabilityEntry | null;
  readonly change: CapabilityChange;
}

export type CapabilityWarningCode =
  | 'AUTH_IN_PLAINTEXT'
  | 'STARTTLS_NOT_OFFERED'
  | 'LOGIN_NOT_DISABLED'
  | 'MASKED_EXTENSION'
  | 'LOST_AFTER_TLS'
  | 'CHANGED_AFTER_TLS'
  | 'STARTTLS_AFTER_TLS'
  | 'LOGIN_DISABLED_AFTER_TLS'
  | 'LISTED_AFTER_LOGIN';

export interface CapabilityWarning {
  readonly code: CapabilityWarningCode;
  /** `warning` for a risk to credentials or a sign of tampering, `info` for an oddity. */
  readonly level: 'warning' | 'info';
  readonly message: string;
}

export interface CapabilityComparison {
  readonly rows: readonly CapabilityRow[];
  readonly warnings: readonly CapabilityWarning[];
}

/** The session facts the comparison needs. */
export interface CapabilityLists {
  readonly protocol: ProtocolId;
  /** Learned before TLS; null when none was seen (or the session started with implicit TLS). */
  readonly plaintext: readonly string[] | null;
  /** Learned over TLS; null when none was seen yet. */
  readonly tls: readonly string[] | null;
  /** True when the list over TLS came after a successful login, without the AUTH offers. */
  readonly tlsAfterLogin?: boolean;
}

/** Capabilities a server stops offering once the client has logged in. */
const GONE_AFTER_LOGIN = /^(AUTH|AUTH=.*|SASL|SASL-IR|LOGINDISABLED|LOGIN-REFERRALS)$/;

/** Capabilities that a server normally drops once TLS is on, or adds once it is. */
const EXPECTED_TO_DISAPPEAR = new Set(['STARTTLS', 'STLS', 'LOGINDISABLED']);
const EXPECTED_TO_APPEAR = new Set(['AUTH', 'AUTH=', 'SASL', 'USER']);

/**
 * SASL mechanisms that put the password (or a bearer token) on the wire as it is, so only TLS
 * protects them. Challenge-response mechanisms such as CRAM-MD5 and SCRAM do not.
 */
const CLEARTEXT_MECHANISMS = new Set(['PLAIN', 'LOGIN', 'XOAUTH2', 'OAUTHBEARER', 'XOAUTH']);

/** Returns the cleartext ways to log in that an entry offers: mechanisms, or `USER` for POP3. */
function cleartextLogins(protocol: ProtocolId, entry: CapabilityEntry): string[] {
  if (protocol === 'imap') {
    const mechanism = entry.name.startsWith('AUTH=') ? entry.name.slice('AUTH='.length) : '';
    return CLEARTEXT_MECHANISMS.has(mechanism) ? [entry.name] : [];
  }
  if (protocol === 'pop3' && entry.name === 'USER') {
    return ['USER'];
  }
  const isMechanismList =
    (protocol === 'pop3' && entry.name === 'SASL') ||
    (protocol === 'smtp' && (entry.name === 'AUTH' || entry.name === 'AUTH='));
  if (!isMechanismList) {
    return [];
  }
  return entry.parameters
    .split(/\s+/)
    .map((mechanism) => mechanism.toUpperCase())
    .filter((mechanism) => CLEARTEXT_MECHANISMS.has(mechanism))
    .map((mechanism) => `${entry.name === 'AUTH=' ? 'AUTH=' : `${entry.name} `}${mechanism}`);
}

function offersStarttls(protocol: ProtocolId, entries: readonly CapabilityEntry[]): boolean {
  const verb = protocol === 'pop3' ? 'STLS' : 'STARTTLS';
  return entries.some((entry) => entry.name === verb);
}

function buildRows(
  plaintext: readonly CapabilityEntry[] | null,
  tls: readonly CapabilityEntry[] | null,
): CapabilityRow[] {
  const names: string[] = [];
  for (const entry of [...(plaintext ?? []), ...(tls ?? [])]) {
    if (!names.includes(entry.name)) {
      names.push(entry.name);
    }
  }
  return names.map((name) => {
    const before = plaintext?.find((entry) => entry.name === name) ?? null;
    const after = tls?.find((entry) => entry.name === name) ?? null;
    let change: CapabilityChange;
    if (plaintext === null) {
      change = 'tls-only';
    } else if (tls === null) {
      change = 'plaintext-only';
    } else if (before === null) {
      change = 'added';
    } else if (after === null) {
      change = 'removed';
    } else {
      change = before.parameters === after.parameters ? 'same' : 'changed';
    }
    return { name, plaintext: before, tls: after, change };
  });
}

function plaintextWarnings(
  protocol: ProtocolId,
  entries: readonly CapabilityEntry[],
): CapabilityWarning[] {
  const warnings: CapabilityWarning[] = [];
  const cleartext = entries.flatMap((entry) => cleartextLogins(protocol, entry));
  const loginDisabled = entries.some((entry) => entry.name === 'LOGINDISABLED');
  if (cleartext.length > 0) {
    warnings.push({
      code: 'AUTH_IN_PLAINTEXT',
      level: 'warning',
      message: `Password logins are offered without TLS (${cleartext.join(', ')}): a password sent now travels in clear.`,
    });
  }
  if (!offersStarttls(protocol, entries)) {
    const verb = protocol === 'pop3' ? 'STLS' : 'STARTTLS';
    warnings.push({
      code: 'STARTTLS_NOT_OFFERED',
      level: 'warning',
      message: `${verb} is not offered, so this connection cannot be encrypted. Either the server has TLS switched off, or something on the path removed ${verb} from the list.`,
    });
  }
  if (protocol === 'imap' && !loginDisabled) {
    warnings.push({
      code: 'LOGIN_NOT_DISABLED',
      level: 'warning',
      message:
        'LOGINDISABLED is missing before TLS: the server would take a LOGIN password in clear on this connection.',
    });
  }
  for (const entry of entries.filter((candidate) => isMaskedKeyword(candidate.name))) {
    warnings.push({
      code: 'MASKED_EXTENSION',
      level: 'warning',
      message: `"${entry.raw}" is a keyword overwritten with X's. Firewalls with SMTP inspection (such as Cisco ASA) do this to STARTTLS, which blocks encryption.`,
    });
  }
  return warnings;
}

function changeWarnings(
  protocol: ProtocolId,
  rows: readonly CapabilityRow[],
  afterLogin = false,
): CapabilityWarning[] {
  const warnings: CapabilityWarning[] = [];
  const lost = rows.filter(
    (row) =>
      row.change === 'removed' &&
      !EXPECTED_TO_DISAPPEAR.has(row.name) &&
      !isMaskedKeyword(row.name) &&
      !(afterLogin && GONE_AFTER_LOGIN.test(row.name)),
  );
  if (afterLogin) {
    warnings.push({
      code: 'LISTED_AFTER_LOGIN',
      level: 'info',
      message:
        'The list over TLS was sent after the login, so it no longer offers authentication; that is normal and says nothing about tampering. Reconnect to compare the lists from before the login.',
    });
  }

  if (lost.length > 0) {
    warnings.push({
      code: 'LOST_AFTER_TLS',
      level: 'warning',
      message: `Offered in plaintext but not over TLS: ${lost.map((row) => row.name).join(', ')}. Servers rarely drop features after TLS; the plaintext list may have been altered in transit, or TLS ends at another server than the plaintext dialogue.`,
    });
  }
  const changed = rows.filter(
    (row) => row.change === 'changed' && !EXPECTED_TO_APPEAR.has(row.name),
  );
  if (changed.length > 0) {
    warnings.push({
      code: 'CHANGED_AFTER_TLS',
      level: 'info',
      message: `Parameters differ after TLS: ${changed
        .map(
          (row) =>
            `${row.name} "${row.plaintext?.parameters ?? ''}" → "${row.tls?.parameters ?? ''}"`,
        )
        .join(', ')}. A different server or proxy may be answering over TLS.`,
    });
  }
  const starttlsAgain = rows.find(
    (row) => (row.name === 'STARTTLS' || row.name === 'STLS') && row.tls !== null,
  );
  if (starttlsAgain !== undefined) {
    warnings.push({
      code: 'STARTTLS_AFTER_TLS',
      level: 'info',
      message: `${starttlsAgain.name} is still offered over TLS; a second upgrade would be refused.`,
    });
  }
  if (protocol === 'imap' && rows.some((row) => row.name === 'LOGINDISABLED' && row.tls !== null)) {
    warnings.push({
      code: 'LOGIN_DISABLED_AFTER_TLS',
      level: 'info',
      message: 'LOGINDISABLED is still set over TLS: use AUTHENTICATE instead of LOGIN.',
    });
  }
  return warnings;
}

/**
 * Compares what the server advertised before and after TLS, row by row. The warnings name what
 * a sysadmin should see: credentials exposed in plaintext, no way to encrypt, and changes across
 * the upgrade that suggest something on the path edited the plaintext dialogue.
 */
export function compareCapabilities(lists: CapabilityLists): CapabilityComparison {
  const plaintext =
    lists.plaintext === null ? null : describeCapabilities(lists.protocol, lists.plaintext);
  const tls = lists.tls === null ? null : describeCapabilities(lists.protocol, lists.tls);
  const rows = buildRows(plaintext, tls);

  const warnings: CapabilityWarning[] = [];
  if (plaintext !== null) {
    warnings.push(...plaintextWarnings(lists.protocol, plaintext));
  }
  if (plaintext !== null && tls !== null) {
    // TLS came up although the plaintext list had no STARTTLS: the list was not the server's.
    const hidden = !offersStarttls(lists.protocol, plaintext);
    if (hidden) {
      const index = warnings.findIndex((warning) => warning.code === 'STARTTLS_NOT_OFFERED');
      warnings.splice(index, 1, {
        code: 'STARTTLS_NOT_OFFERED',
        level: 'warning',
        message:
          'The plaintext list did not offer STARTTLS, yet the upgrade worked: something on the path removed it from the list.',
      });
    }
    warnings.push(...changeWarnings(lists.protocol, rows, lists.tlsAfterLogin === true));
  }
  if (plaintext === null && tls !== null) {
    warnings.push(
      ...changeWarnings(lists.protocol, rows).filter(
        (warning) => warning.code !== 'LOST_AFTER_TLS',
      ),
    );
  }
  return { rows, warnings };
}
