import { MAX_TRACKED_LINE_BYTES } from '../../../shared/protocol/line-buffer';
import {
  isPop3StarttlsCommand,
  parsePop3Capabilities,
  Pop3ResponseReader,
  type Pop3Response,
} from '../../../shared/protocol/pop3';
import type { ServerReply } from '../../../shared/protocol/reply';
import type { CapabilitySource, LastReply } from '../../../shared/session';
import { maskAfterWords, maskSaslResponse } from '../../../shared/protocol/secrets';
import type {
  GreetingVerdict,
  InputVerdict,
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
  private reader: Pop3ResponseReader;
  /**
   * True from `AUTH <mechanism>` until the +OK or -ERR that ends the exchange. Every line sent
   * meanwhile is a SASL response, even one pasted before the server's `+` challenge arrived.
   */
  private authInProgress = false;
  /** Commands sent whose final `+OK` or `-ERR` has not arrived. */
  private openCommands = 0;
  readonly inMessageBody = false;

  constructor(private readonly maxLineBytes: number = MAX_TRACKED_LINE_BYTES) {
    this.reader = new Pop3ResponseReader(maxLineBytes);
  }

  get bufferedByteCount(): number {
    return this.reader.bufferedByteCount;
  }

  get awaitingReplies(): number {
    return this.openCommands;
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
      if (response.command !== null && response.status !== '+' && this.openCommands > 0) {
        this.openCommands--;
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
    this.openCommands++;
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
    // Anything but +OK, a SASL `+` continuation included, leaves the connection in plaintext.
    return status === '+OK' ? 'go-ahead' : 'rejected';
  }

  capabilitiesFrom(reply: ServerReply): string[] | null {
    return parsePop3Capabilities(reply as Pop3Response);
  }

  capabilitySource(): CapabilitySource {
    return 'capa';
  }

  /** POP3 lines go out as typed; the reader pairs responses with commands in order. */
  judgeInput(): InputVerdict {
    return { action: 'send' };
  }

  completeInput(): null {
    return null;
  }

  describeReply(reply: ServerReply): LastReply | null {
    const response = reply as Pop3Response;
    if (response.status === null) {
      return null;
    }
    return { command: response.command, status: response.status, line: response.firstLine };
  }

  sendWarning(): string | null {
    const open = this.reader.openMultiLineCommand;
    if (open === null) {
      return null;
    }
    return `The server is still sending its ${open} response (no line holding only "." yet), so the reply to this line is read after it ends. A server that never ends it leaves this line without a reply; reconnect then.`;
  }

  framingWarning(reply: ServerReply): string | null {
    return (reply as Pop3Response).framingProblem;
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
    this.reader = new Pop3ResponseReader(this.maxLineBytes);
    // After STLS the server sends no new greeting, so the reader expects no greeting either.
    this.reader.skipGreeting();
    this.authInProgress = false;
    this.openCommands = 0;
  }
}
