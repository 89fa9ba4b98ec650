import type { ProtocolId } from '../../../shared/presets';
import { isLoneSaslCredential, SECRET_MASK } from '../../../shared/protocol/secrets';
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
  return maskLoneSaslCredentials(DRIVERS[protocol](maxLineBytes));
}

/**
 * Makes the driver mask a line that is only a base64 SASL credential, as a user pastes after
 * sending `AUTH PLAIN` in another way or by mistake. The session treats a masked line as a
 * credential, so the TLS and certificate checks then apply to it too.
 */
function maskLoneSaslCredentials(driver: ProtocolDriver): ProtocolDriver {
  const prepare = driver.prepare.bind(driver);
  driver.prepare = (line) => {
    const prepared = prepare(line);
    // Inside SMTP message content a base64 line is the message's own data.
    if (prepared.display === line && !driver.inMessageBody && isLoneSaslCredential(line)) {
      return { ...prepared, display: SECRET_MASK };
    }
    return prepared;
  };
  return driver;
}

export type { ProtocolDriver } from './driver';
