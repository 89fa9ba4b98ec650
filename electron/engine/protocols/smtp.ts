import { maskAfterWords, maskSaslResponse } from '../../../shared/protocol/secrets';
import type { ServerReply } from '../../../shared/protocol/reply';
import {
  isSmtpStarttlsCommand,
  parseEhloKeywords,
  SmtpReplyReader,
  smtpVerb,
  type SmtpReply,
} from '../../../shared/protocol/smtp';
import type {
  GreetingVerdict,
  PreparedLine,
  ProtocolDriver,
  SentCommand,
  StarttlsVerdict,
} from './driver';

/** Marks the reply that belongs to no command: the greeting. */
const GREETING = '<greeting>';
/** Marks a client line sent in reply to a 334 challenge. */
const SASL_RESPONSE = '<sasl-response>';
const END_OF_DATA = '<end-of-data>';

/**
 * SMTP session state: pairs each reply with the command it answers (replies come in order),
 * knows when the client is sending a message body after 354, and when the next line answers a
 * 334 challenge and must be masked.
 */
export class SmtpDriver implements ProtocolDriver {
  readonly protocol = 'smtp' as const;
  readonly expectsGreeting = true;
  private reader = new SmtpReplyReader();
  private awaitingReply: string[] = [GREETING];
  private inMessageBody = false;
  /**
   * True from an AUTH command until the reply that ends its exchange. Every line sent meanwhile
   * is a SASL response, even one typed or pasted before the server's 334 arrived.
   */
  private authInProgress = false;
  /** The command verb each reply answers, so a reply is only judged against its own command. */
  private readonly answeredCommand = new WeakMap<SmtpReply, string>();

  get bufferedByteCount(): number {
    return this.reader.bufferedByteCount;
  }

  receive(chunk: Uint8Array): ServerReply[] {
    const replies = this.reader.push(chunk);
    for (const reply of replies) {
      if (reply.code === null) {
        continue;
      }
      const command = this.awaitingReply.shift();
      if (command !== undefined) {
        this.answeredCommand.set(reply, command);
      }
      if (command === 'DATA' && reply.code === 354) {
        this.inMessageBody = true;
      }
      if ((command === 'AUTH' || command === SASL_RESPONSE) && reply.code !== 334) {
        this.authInProgress = false;
      }
    }
    return replies;
  }

  prepare(line: string): PreparedLine {
    if (this.inMessageBody) {
      return { display: line, starttls: null };
    }
    if (this.authInProgress) {
      return { display: maskSaslResponse(line), starttls: null };
    }
    if (smtpVerb(line) === 'AUTH') {
      // `AUTH <mechanism> <initial response>`: the mechanism stays visible.
      return { display: maskAfterWords(line, 2), starttls: null };
    }
    return { display: line, starttls: isSmtpStarttlsCommand(line) ? { tag: null } : null };
  }

  noteSent(line: string): SentCommand {
    if (this.inMessageBody) {
      if (line === '.') {
        this.inMessageBody = false;
        this.awaitingReply.push(END_OF_DATA);
        return { verb: END_OF_DATA, tag: null };
      }
      return { verb: '', tag: null };
    }
    if (this.authInProgress) {
      this.awaitingReply.push(SASL_RESPONSE);
      return { verb: SASL_RESPONSE, tag: null };
    }
    const verb = smtpVerb(line);
    this.awaitingReply.push(verb);
    this.authInProgress = verb === 'AUTH';
    return { verb, tag: null };
  }

  completes(reply: ServerReply, _command: SentCommand): boolean {
    return reply.protocol === 'smtp' && reply.code !== null;
  }

  classifyGreeting(reply: ServerReply): GreetingVerdict {
    return (reply as SmtpReply).code === 220 ? 'ok' : 'rejected';
  }

  classifyStarttlsReply(reply: ServerReply): StarttlsVerdict {
    const smtp = reply as SmtpReply;
    if (smtp.code === null || this.answeredCommand.get(smtp) !== 'STARTTLS') {
      return 'unrelated';
    }
    return smtp.code === 220 ? 'go-ahead' : 'rejected';
  }

  capabilitiesFrom(reply: ServerReply): string[] | null {
    const smtp = reply as SmtpReply;
    if (smtp.code !== 250 || this.answeredCommand.get(smtp) !== 'EHLO') {
      return null;
    }
    return parseEhloKeywords(smtp);
  }

  offersStarttls(capabilities: readonly string[]): boolean {
    return capabilities.some((keyword) => keyword.split(' ')[0] === 'STARTTLS');
  }

  capabilityCommand(ehloName: string): string {
    return `EHLO ${ehloName}`;
  }

  starttlsCommand(): string {
    return 'STARTTLS';
  }

  resetForTls(): void {
    this.reader = new SmtpReplyReader();
    this.awaitingReply = [];
    this.inMessageBody = false;
    this.authInProgress = false;
  }
}
