import { hostSyntaxProblem } from '../../../shared/ipc/host-syntax';
import { MAX_HOST_LENGTH, MAX_NAME_LENGTH, MAX_PATH_LENGTH } from '../../../shared/ipc/validate';
import {
  PRESETS,
  findPreset,
  type AddressFamily,
  type PresetId,
  type ProtocolId,
  type SecurityMode,
} from '../../../shared/presets';
import type { SessionOptions } from '../../../shared/session';

/** The connection form as typed: numbers stay strings until validation. */
export interface FormValues {
  readonly presetId: PresetId;
  readonly host: string;
  readonly port: string;
  readonly security: SecurityMode;
  readonly ehloName: string;
  /** Blank means the engine's default: the host name, or none for an IP address. */
  readonly sni: string;
  /** A path on the machine that runs the engine, or blank for none. */
  readonly caFile: string;
  readonly family: AddressFamily;
  /** The user's choice to allow TLS 1.0 and weak DH groups for the next connection only. */
  readonly legacyTls: boolean;
}

export type TextField = 'host' | 'port' | 'ehloName' | 'sni' | 'caFile';

/** Validation messages shown next to their fields. */
export interface FormErrors {
  readonly host?: string;
  readonly port?: string;
  readonly ehloName?: string;
  readonly sni?: string;
  readonly caFile?: string;
}

export const MIN_PORT = 1;
export const MAX_PORT = 65_535;

const DEFAULT_PRESET = PRESETS[0]!;

export const INITIAL_FORM_VALUES: FormValues = {
  presetId: DEFAULT_PRESET.id,
  host: '',
  port: String(DEFAULT_PRESET.port),
  security: DEFAULT_PRESET.security,
  ehloName: '',
  sni: '',
  caFile: '',
  family: 'auto',
  legacyTls: false,
};

const FAMILY_LABELS: Readonly<Record<AddressFamily, string>> = {
  auto: 'Auto',
  ipv4: 'IPv4',
  ipv6: 'IPv6',
};

/**
 * Lists the Advanced fields that differ from their defaults, as `label: value`, so a collapsed
 * Advanced section can still show that, e.g., a CA file from the last connection is in use.
 */
export function advancedChanges(values: FormValues): string[] {
  const changes: string[] = [];
  if (values.sni.trim() !== '') {
    changes.push(`SNI: ${values.sni.trim()}`);
  }
  if (values.caFile.trim() !== '') {
    changes.push(`CA file: ${values.caFile.trim()}`);
  }
  if (values.family !== INITIAL_FORM_VALUES.family) {
    changes.push(`Address family: ${FAMILY_LABELS[values.family]}`);
  }
  if (values.legacyTls) {
    changes.push('Legacy TLS allowed');
  }
  return changes;
}

export function protocolOf(values: FormValues): ProtocolId {
  return findPreset(values.presetId)?.protocol ?? DEFAULT_PRESET.protocol;
}

/** Sets port and security from the chosen preset. The user may still change both. */
export function applyPreset(values: FormValues, presetId: string): FormValues {
  const preset = findPreset(presetId);
  if (preset === undefined) {
    return values;
  }
  return { ...values, presetId: preset.id, port: String(preset.port), security: preset.security };
}

export type FormValidation =
  | { readonly ok: true; readonly options: SessionOptions }
  | { readonly ok: false; readonly errors: FormErrors };

/** Accepts `[::1]` as typed in a URL and returns the bare address. */
function stripIpv6Brackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

function checkHost(host: string): string | undefined {
  if (host === '') {
    return 'Enter a host name or IP address.';
  }
  if (/\s/.test(host)) {
    return 'A host name cannot contain spaces.';
  }
  if (host.length > MAX_HOST_LENGTH) {
    return `A host name has at most ${MAX_HOST_LENGTH} characters.`;
  }
  const problem = hostSyntaxProblem(host);
  return problem === null ? undefined : `The host ${problem}.`;
}

function checkPort(port: string): string | undefined {
  const value = Number(port);
  if (!/^\d+$/.test(port) || value < MIN_PORT || value > MAX_PORT) {
    return `Enter a port number from ${MIN_PORT} to ${MAX_PORT}.`;
  }
  return undefined;
}

function checkLength(value: string, maxLength: number, fieldLabel: string): string | undefined {
  return value.length > maxLength
    ? `${fieldLabel} has at most ${maxLength} characters.`
    : undefined;
}

/** Checks the form locally and builds the options for `openSession`. The engine checks again. */
export function validateForm(values: FormValues): FormValidation {
  const host = stripIpv6Brackets(values.host.trim());
  const port = values.port.trim();
  const ehloName = values.ehloName.trim();
  const sni = values.sni.trim();
  const caFile = values.caFile.trim();

  const errors: FormErrors = Object.fromEntries(
    Object.entries({
      host: checkHost(host),
      port: checkPort(port),
      ehloName: checkLength(ehloName, MAX_NAME_LENGTH, 'An EHLO name'),
      sni: checkLength(sni, MAX_HOST_LENGTH, 'An SNI name'),
      caFile: checkLength(caFile, MAX_PATH_LENGTH, 'A CA file path'),
    }).filter(([, message]) => message !== undefined),
  );
  if (Object.keys(errors).length > 0) {
    return { ok: false, errors };
  }

  const options: SessionOptions = {
    host,
    port: Number(port),
    protocol: protocolOf(values),
    security: values.security,
    family: values.family,
    ...(ehloName === '' ? {} : { ehloName }),
    ...(sni === '' ? {} : { sni }),
    ...(caFile === '' ? {} : { caFile }),
    ...(values.legacyTls ? { legacyTls: true } : {}),
  };
  return { ok: true, options };
}
