/** Protocol families the engine can speak. `raw` is a byte pipe with no protocol knowledge. */
export type ProtocolId = 'smtp' | 'imap' | 'pop3' | 'raw';

/**
 * How a session gets to TLS.
 * - `plain`: no TLS unless the user sends the protocol's STARTTLS command later.
 * - `tls`: implicit TLS, the handshake starts as soon as TCP connects (465, 993, 995).
 * - `starttls`: the engine runs the protocol's upgrade dialogue before handing over.
 */
export type SecurityMode = 'plain' | 'tls' | 'starttls';

/** Address family the connection may use. */
export type AddressFamily = 'auto' | 'ipv4' | 'ipv6';

export type PresetId =
  'smtp' | 'submission' | 'smtps' | 'imap' | 'imaps' | 'pop3' | 'pop3s' | 'raw-tcp' | 'raw-tls';

/** A named starting point for the connection form: protocol, port and security mode. */
export interface Preset {
  readonly id: PresetId;
  readonly label: string;
  readonly protocol: ProtocolId;
  readonly port: number;
  readonly security: SecurityMode;
}

export const PRESETS: readonly Preset[] = [
  { id: 'smtp', label: 'SMTP (25)', protocol: 'smtp', port: 25, security: 'plain' },
  {
    id: 'submission',
    label: 'Submission (587)',
    protocol: 'smtp',
    port: 587,
    security: 'starttls',
  },
  { id: 'smtps', label: 'SMTPS (465)', protocol: 'smtp', port: 465, security: 'tls' },
  { id: 'imap', label: 'IMAP (143)', protocol: 'imap', port: 143, security: 'starttls' },
  { id: 'imaps', label: 'IMAPS (993)', protocol: 'imap', port: 993, security: 'tls' },
  { id: 'pop3', label: 'POP3 (110)', protocol: 'pop3', port: 110, security: 'starttls' },
  { id: 'pop3s', label: 'POP3S (995)', protocol: 'pop3', port: 995, security: 'tls' },
  { id: 'raw-tcp', label: 'Raw TCP', protocol: 'raw', port: 25, security: 'plain' },
  { id: 'raw-tls', label: 'Raw TLS', protocol: 'raw', port: 443, security: 'tls' },
];

export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}

/** Returns the protocol's own name for its STARTTLS verb, or null when it has none. */
export function starttlsVerb(protocol: ProtocolId): string | null {
  switch (protocol) {
    case 'smtp':
    case 'imap':
      return 'STARTTLS';
    case 'pop3':
      return 'STLS';
    case 'raw':
      return null;
  }
}

export const PROTOCOL_NAMES: Readonly<Record<ProtocolId, string>> = {
  smtp: 'SMTP',
  imap: 'IMAP',
  pop3: 'POP3',
  raw: 'Raw',
};
