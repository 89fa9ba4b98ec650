import { MAX_TRACKED_LINE_BYTES } from '../../../shared/protocol/line-buffer';
import { maskAfterWords, maskSaslResponse } from '../../../shared/protocol/secrets';
import type { ServerReply } from '../../../shared/protocol/reply';
import {
  isSmtpStarttlsCommand,
  parseEhloKeywords,
  SmtpReplyReader,
  smtpReplySummary,
  smtpVerb,
  type SmtpReply,
} from '../../../shared/protocol/smtp';
import { isSmtpCommandVerb, mayWriteBeforeReplies } from '../../../shared/protocol/smtp-pipelining';
import { describeSmtpDeviations } from '../../../shared/protocol/smtp-deviations';
import type { CapabilitySource, LastReply } from '../../../shared/session';
import type {
  GreetingVerdict,
  InputContext,
  InputVerdict,
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

/** Names the input state shows for the pseudo-commands above. */
const SHOWN_COMMAND: Readonly<Record<string, string | null>> = {
  [GREETING]: null,
  [SASL_RESPONSE]: 'AUTH',
  [END_OF_DATA]: '.',
};

/** Bytes of a CRLF, which every line the console sends ends with. */
const CRLF_BYTES = 2;

/**
 * Lines the server refused in advance: message content after a refused DATA (until the final
 * dot), or SASL data after a refused AUTH (until the next command).
 */
type Refusal = { readonly kind: 'data' | 'auth'; readonly reply: string };

/**
 * SMTP session state: pairs each reply with the command it answers (replies come in order),
 * knows when the client is sending a message body after 354, and when the next line answers a
 * 334 challenge and must be masked. It also paces typed lines: without PIPELINING each command
 * waits for the reply to the one before, with it only DATA, AUTH, STARTTLS, QUIT and the other
 * group enders of RFC 2920 make the next line wait.
 */
export class SmtpDriver implements ProtocolDriver {
  readonly protocol = 'smtp' as const;
  readonly expectsGreeting = true;
  private reader: SmtpReplyReader;
  private awaitingReply: string[] = [GREETING];
  private messageBody = false;
  /**
   * True from an AUTH command until the reply that ends its exchange. Every line sent meanwhile
   * is a SASL response, even one typed or pasted before the server's 334 arrived.
   */
  private authInProgress = false;
  /** Bytes of BDAT chunk data still to be sent; they follow BDAT without waiting. */
  private chunkBytesLeft = 0;
  private refusal: Refusal | null = null;
  /** The command verb each reply answers, so a reply is only judged against its own command. */
  private readonly answeredCommand = new WeakMap<SmtpReply, string>();

  constructor(private readonly maxLineBytes: number = MAX_TRACKED_LINE_BYTES) {
    this.reader = new SmtpReplyReader(maxLineBytes);
  }

  get bufferedByteCount(): number {
    return this.reader.bufferedByteCount;
  }

  get awaitingReplies(): number {
    return this.awaitingReply.filter((verb) => verb !== GREETING).length;
  }

  get inMessageBody(): boolean {
    return this.messageBody;
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
      if (command === 'DATA') {
        this.messageBody = reply.code === 354;
        if (reply.code !== 354) {
          this.refusal = { kind: 'data', reply: smtpReplySummary(reply) };
        }
      }
      const endsAuth = (command === 'AUTH' || command === SASL_RESPONSE) && reply.code !== 334;
      if (endsAuth) {
        this.authInProgress = false;
      }
      if (endsAuth && reply.code !== 235) {
        this.refusal = { kind: 'auth', reply: smtpReplySummary(reply) };
      }
    }
    return replies;
  }

  prepare(line: string): PreparedLine {
    if (this.messageBody || this.chunkBytesLeft > 0) {
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
    if (this.chunkBytesLeft > 0) {
      this.chunkBytesLeft = Math.max(0, this.chunkBytesLeft - utf8Length(line) - CRLF_BYTES);
      return { verb: '', tag: null };
    }
    if (this.messageBody) {
      if (line === '.') {
        this.messageBody = false;
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
    if (verb === 'BDAT') {
      // `BDAT <size> [LAST]` (RFC 3030): exactly <size> bytes of data follow at once.
      this.chunkBytesLeft = Number(/^\s*BDAT\s+(\d+)/i.exec(line)?.[1] ?? 0);
    }
    return { verb, tag: null };
  }

  judgeInput(line: string, context: InputContext): InputVerdict {
    if (this.chunkBytesLeft > 0 || this.messageBody) {
      return { action: 'send' };
    }
    const refused = this.judgeAfterRefusal(line, context);
    if (refused !== null) {
      return refused;
    }
    const outstanding = this.awaitingReply.filter((verb) => verb !== GREETING);
    const pipelining = context.capabilities.some(
      (keyword) => keyword.split(' ')[0] === 'PIPELINING',
    );
    if (mayWriteBeforeReplies(outstanding, pipelining)) {
      return { action: 'send' };
    }
    const last = SHOWN_COMMAND[outstanding.at(-1) ?? ''] ?? outstanding.at(-1) ?? '';
    const why = pipelining
      ? `${last} must end a pipelined group (RFC 2920)`
      : 'the server did not offer PIPELINING';
    return {
      action: 'wait',
      reason: `Holding the next line until the server replies to ${last}, because ${why}.`,
    };
  }

  /** Drops lines that depended on a refused DATA or AUTH, so they never go out as commands. */
  private judgeAfterRefusal(line: string, context: InputContext): InputVerdict | null {
    const refusal = this.refusal;
    if (refusal === null) {
      return null;
    }
    const typedCommand = isSmtpCommandVerb(smtpVerb(line));
    // Message content may start with a command word; only a line typed after the refusal counts.
    if (typedCommand && (refusal.kind === 'auth' || !context.waited)) {
      this.refusal = null;
      return null;
    }
    if (refusal.kind === 'data') {
      if (line === '.') {
        this.refusal = null;
      }
      return {
        action: 'drop',
        reason: `Not sent: the server refused DATA (${refusal.reply}), so this line of message content would have been read as a command.`,
      };
    }
    return {
      action: 'drop',
      reason: `Not sent: the server refused AUTH (${refusal.reply}), so this line of SASL data would have gone out as a command, unmasked.`,
    };
  }

  completeInput(): null {
    return null;
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
    // Only 220 starts TLS (RFC 3207); 454, 501, 354 or a 250 from a confused server all leave
    // the connection in plaintext.
    return smtp.code === 220 ? 'go-ahead' : 'rejected';
  }

  capabilitiesFrom(reply: ServerReply): string[] | null {
    const smtp = reply as SmtpReply;
    const command = this.answeredCommand.get(smtp);
    if (smtp.code !== 250) {
      return null;
    }
    // A server that accepts only HELO offers no extensions at all: an empty list, not none.
    if (command === 'HELO') {
      return [];
    }
    return command === 'EHLO' ? parseEhloKeywords(smtp) : null;
  }

  capabilitySource(reply: ServerReply): CapabilitySource {
    return this.answeredCommand.get(reply as SmtpReply) === 'HELO' ? 'helo' : 'ehlo';
  }

  framingWarning(reply: ServerReply): string | null {
    return describeSmtpDeviations(reply as SmtpReply);
  }

  describeReply(reply: ServerReply): LastReply | null {
    const smtp = reply as SmtpReply;
    if (smtp.code === null) {
      return null;
    }
    const command = this.answeredCommand.get(smtp) ?? null;
    const shown =
      command !== null && Object.hasOwn(SHOWN_COMMAND, command)
        ? (SHOWN_COMMAND[command] ?? null)
        : command;
    return {
      command: shown,
      status: String(smtp.code),
      line: smtpReplySummary(smtp),
    };
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
    this.reader = new SmtpReplyReader(this.maxLineBytes);
    this.awaitingReply = [];
    this.messageBody = false;
    this.authInProgress = false;
    this.chunkBytesLeft = 0;
    this.refusal = null;
  }
}

function utf8Length(line: string): number {
  return Buffer.byteLength(line, 'utf8');
}
