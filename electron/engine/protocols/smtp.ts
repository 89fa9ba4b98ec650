import {
  maskAfterWords,
  maskSaslResponse,
  startsSaslWithoutInitialResponse,
} from '../../../shared/protocol/secrets';
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
  private saslChallengePending = false;
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
      // Only a reply to AUTH or to a SASL response ends the exchange. The reply to an earlier
      // pipelined command must not unmask a response that is already on its way.
      if (command === 'AUTH' || command === SASL_RESPONSE) {
        this.saslChallengePending = reply.code === 334;
      } else if (reply.code === 334) {
        this.saslChallengePending = true;
      }
    }
    return replies;
  }

  prepare(line: string): PreparedLine {
    if (this.inMessageBody) {
      return { display: line, starttls: null };
    }
    if (this.saslChallengePending) {
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
    if (this.saslChallengePending) {
      this.saslChallengePending = false;
      this.awaitingReply.push(SASL_RESPONSE);
      return { verb: SASL_RESPONSE, tag: null };
    }
    const verb = smtpVerb(line);
    this.awaitingReply.push(verb);
    // The first response may follow before the 334 arrives (a pasted block), and must be masked.
    this.saslChallengePending = startsSaslWithoutInitialResponse(line);
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
    this.saslChallengePending = false;
  }
}
