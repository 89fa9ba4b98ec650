import type { ProtocolId } from '../../../shared/presets';
import type { ProtocolDriver } from './driver';
import { ImapDriver } from './imap';
import { Pop3Driver } from './pop3';
import { RawDriver } from './raw';
import { SmtpDriver } from './smtp';

const DRIVERS: Readonly<Record<ProtocolId, (maxLineBytes: number) => ProtocolDriver>> = {
  smtp: (maxLineBytes) => new SmtpDriver(maxLineBytes),
  imap: (maxLineBytes) => new ImapDriver(maxLineBytes),
  pop3: (maxLineBytes) => new Pop3Driver(maxLineBytes),
  raw: () => new RawDriver(),
};

/** Creates a session's driver; its reply trackers keep at most `maxLineBytes` of one line. */
export function createDriver(protocol: ProtocolId, maxLineBytes: number): ProtocolDriver {
  return DRIVERS[protocol](maxLineBytes);
}

export type { ProtocolDriver } from './driver';
