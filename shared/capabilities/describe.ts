import type { ProtocolId } from '../presets';
import { IMAP_CAPABILITIES, POP3_CAPABILITIES } from './imap-pop3-capabilities';
import { SMTP_EXTENSIONS } from './smtp-extensions';
import type { CapabilityEntry, CapabilityMeaning } from './types';

/** Mebibytes (MiB), as mail servers size limits: Exim's `50M` is 52428800 bytes. */
const BYTES_PER_MIB = 1024 * 1024;
const SECONDS_PER_MINUTE = 60;

/** Formats a byte count as `52428800 bytes (50 MiB)`; zero means no limit in SIZE. */
export function formatByteLimit(text: string): string | null {
  if (!/^\d+$/.test(text)) {
    return null;
  }
  const bytes = Number(text);
  if (bytes === 0) {
    return 'no fixed limit';
  }
  const mebibytes = bytes / BYTES_PER_MIB;
  const rounded = mebibytes >= 10 ? mebibytes.toFixed(0) : mebibytes.toFixed(1);
  return `${bytes} bytes (${rounded} MiB)`;
}

function formatSeconds(text: string): string | null {
  if (!/^\d+$/.test(text)) {
    return null;
  }
  const seconds = Number(text);
  return seconds >= SECONDS_PER_MINUTE && seconds % SECONDS_PER_MINUTE === 0
    ? `${seconds} s (${seconds / SECONDS_PER_MINUTE} min)`
    : `${seconds} s`;
}

function formatMechanisms(text: string): string | null {
  const mechanisms = text.split(/\s+/).filter((word) => word !== '');
  return mechanisms.length === 0 ? 'no mechanisms listed' : mechanisms.join(', ');
}

/** Splits an SMTP or POP3 capability line into the name it is compared by and its parameters. */
function splitLine(raw: string): { name: string; parameters: string } {
  const trimmed = raw.trim();
  const space = trimmed.search(/\s/);
  const keyword = (space < 0 ? trimmed : trimmed.slice(0, space)).toUpperCase();
  const rest = space < 0 ? '' : trimmed.slice(space).trim();
  // The legacy `AUTH=LOGIN PLAIN` form lists its first mechanism after the equals sign.
  if (keyword.startsWith('AUTH=')) {
    const first = trimmed.slice('AUTH='.length, space < 0 ? undefined : space);
    return { name: 'AUTH=', parameters: [first, rest].filter((part) => part !== '').join(' ') };
  }
  return { name: keyword, parameters: rest };
}

function lineValue(protocol: ProtocolId, name: string, parameters: string): string | null {
  if (protocol === 'smtp' && name === 'SIZE') {
    return parameters === '' ? 'no fixed limit' : formatByteLimit(parameters);
  }
  if ((protocol === 'smtp' && (name === 'AUTH' || name === 'AUTH=')) || name === 'SASL') {
    return formatMechanisms(parameters);
  }
  if (protocol === 'pop3' && name === 'LOGIN-DELAY') {
    return formatSeconds(parameters.split(/\s+/)[0] ?? '');
  }
  if (protocol === 'pop3' && name === 'EXPIRE') {
    const days = parameters.split(/\s+/)[0] ?? '';
    return days === 'NEVER' ? 'never deleted' : /^\d+$/.test(days) ? `${days} days` : null;
  }
  return null;
}

function describeLine(protocol: 'smtp' | 'pop3', raw: string): CapabilityEntry {
  const { name, parameters } = splitLine(raw);
  const table = protocol === 'smtp' ? SMTP_EXTENSIONS : POP3_CAPABILITIES;
  const known: CapabilityMeaning | undefined = table[name];
  return {
    raw,
    name,
    parameters,
    value: lineValue(protocol, name, parameters),
    meaning: known?.meaning ?? null,
    source: known?.source ?? null,
  };
}

/** IMAP capabilities are atoms: `AUTH=PLAIN` is one capability, compared as a whole. */
function describeAtom(raw: string): CapabilityEntry {
  const name = raw.toUpperCase();
  const equals = name.indexOf('=');
  const family = equals < 0 ? name : name.slice(0, equals + 1);
  const known = IMAP_CAPABILITIES[name] ?? IMAP_CAPABILITIES[family];
  const parameters = equals < 0 ? '' : raw.slice(equals + 1);
  let value: string | null = null;
  if (family === 'AUTH=') {
    value = `SASL mechanism ${parameters}`;
  } else if (family === 'APPENDLIMIT=') {
    value = formatByteLimit(parameters);
  }
  return {
    raw,
    name,
    parameters,
    value,
    meaning: known?.meaning ?? null,
    source: known?.source ?? null,
  };
}

/** Describes each advertised capability in order, with its meaning and a readable value. */
export function describeCapabilities(
  protocol: ProtocolId,
  keywords: readonly string[],
): CapabilityEntry[] {
  switch (protocol) {
    case 'smtp':
    case 'pop3':
      return keywords.map((raw) => describeLine(protocol, raw));
    case 'imap':
      return keywords.map((raw) => describeAtom(raw));
    case 'raw':
      return [];
  }
}

/**
 * True for a keyword a middlebox overwrote with X's: Cisco PIX and ASA "ESMTP inspection"
 * replaces STARTTLS with `XXXXXXXA`, which hides TLS from the client.
 */
export function isMaskedKeyword(name: string): boolean {
  return /^X{4,}[A-Z]?$/.test(name);
}
