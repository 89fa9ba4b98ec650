import {
  isPop3StarttlsCommand,
  parsePop3Capabilities,
  Pop3ResponseReader,
  type Pop3Response,
} from '../../../shared/protocol/pop3';
import type { ServerReply } from '../../../shared/protocol/reply';
import { maskAfterWords, maskSaslResponse } from '../../../shared/protocol/secrets';
import type {
  GreetingVerdict,
  PreparedLine,
  ProtocolDriver,
  SentCommand,
  StarttlsVerdict,
} from './driver';

/** Commands whose arguments after the first `keep` words are secrets. */
const SECRET_ARGUMENTS: Readonly<Record<string, number>> = {
  PASS: 1,
  // APOP user digest: the digest is an MD5 of the greeting timestamp and the password, open to
  // offline guessing, so it is treated as a secret.
  APOP: 2,
  AUTH: 2,
};

/** POP3 session state: tells the reader which responses are multi-line, and masks credentials. */
export class Pop3Driver implements ProtocolDriver {
  readonly protocol = 'pop3' as const;
  readonly expectsGreeting = true;
  private reader = new Pop3ResponseReader();
  /**
   * True from `AUTH <mechanism>` until the +OK or -ERR that ends the exchange. Every line sent
   * meanwhile is a SASL response, even one pasted before the server's `+` challenge arrived.
   */
  private authInProgress = false;

  get bufferedByteCount(): number {
    return this.reader.bufferedByteCount;
  }

  receive(chunk: Uint8Array): ServerReply[] {
    const responses = this.reader.push(chunk);
    for (const response of responses) {
      if (
        response.command === 'AUTH' &&
        (response.status === '+OK' || response.status === '-ERR')
      ) {
        this.authInProgress = false;
      }
    }
    return responses;
  }

  prepare(line: string): PreparedLine {
    if (this.authInProgress) {
      return { display: maskSaslResponse(line), starttls: null };
    }
    const verb = (line.trim().split(/\s+/)[0] ?? '').toUpperCase();
    const keep = SECRET_ARGUMENTS[verb];
    if (keep !== undefined) {
      return { display: maskAfterWords(line, keep), starttls: null };
    }
    return { display: line, starttls: isPop3StarttlsCommand(line) ? { tag: null } : null };
  }

  noteSent(line: string): SentCommand {
    if (this.authInProgress) {
      // A SASL response continues the AUTH command; the reader keeps AUTH's expectation.
      return { verb: 'AUTH', tag: null };
    }
    this.reader.expect(line);
    const words = line.trim().split(/\s+/);
    const verb = (words[0] ?? '').toUpperCase();
    // A bare AUTH lists the mechanisms; only AUTH with a mechanism starts an exchange.
    this.authInProgress = verb === 'AUTH' && words.length >= 2;
    return { verb, tag: null };
  }

  completes(reply: ServerReply): boolean {
    const status = (reply as Pop3Response).status;
    return status === '+OK' || status === '-ERR';
  }

  classifyGreeting(reply: ServerReply): GreetingVerdict {
    return (reply as Pop3Response).status === '+OK' ? 'ok' : 'rejected';
  }

  classifyStarttlsReply(reply: ServerReply): StarttlsVerdict {
    const { status, command } = reply as Pop3Response;
    if (command !== 'STLS') {
      return 'unrelated';
    }
    if (status === '+OK') {
      return 'go-ahead';
    }
    return status === '-ERR' ? 'rejected' : 'unrelated';
  }

  capabilitiesFrom(reply: ServerReply): string[] | null {
    return parsePop3Capabilities(reply as Pop3Response);
  }

  offersStarttls(capabilities: readonly string[]): boolean {
    return capabilities.some((line) => line.split(' ')[0] === 'STLS');
  }

  capabilityCommand(): string {
    return 'CAPA';
  }

  starttlsCommand(): string {
    return 'STLS';
  }

  resetForTls(): void {
    this.reader = new Pop3ResponseReader();
    // After STLS the server sends no new greeting, so the reader expects no greeting either.
    this.reader.skipGreeting();
    this.authInProgress = false;
  }
}
