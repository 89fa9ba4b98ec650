import type { ProtocolId } from '../../../shared/presets';
import type { ProtocolDriver } from './driver';
import { ImapDriver } from './imap';
import { Pop3Driver } from './pop3';
import { RawDriver } from './raw';
import { SmtpDriver } from './smtp';

const DRIVERS: Readonly<Record<ProtocolId, () => ProtocolDriver>> = {
  smtp: () => new SmtpDriver(),
  imap: () => new ImapDriver(),
  pop3: () => new Pop3Driver(),
  raw: () => new RawDriver(),
};

export function createDriver(protocol: ProtocolId): ProtocolDriver {
  return DRIVERS[protocol]();
}

export type { ProtocolDriver } from './driver';
