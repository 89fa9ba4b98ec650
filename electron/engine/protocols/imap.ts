import { MAX_TRACKED_LINE_BYTES } from '../../../shared/protocol/line-buffer';
import {
  imapResponseSummary,
  imapStarttlsTag,
  ImapResponseReader,
  parseImapCapabilities,
  splitImapCommand,
  type ImapResponse,
} from '../../../shared/protocol/imap';
import {
  AUTO_TAG_PREFIX,
  imapLineNeedsTag,
  literalAtLineEnd,
} from '../../../shared/protocol/imap-tags';
import type { ServerReply } from '../../../shared/protocol/reply';
import {
  maskAfterWords,
  maskImapLoginArguments,
  maskSaslResponse,
  SECRET_MASK,
} from '../../../shared/protocol/secrets';
import type { CapabilitySource, LastReply } from '../../../shared/session';
import { ENGINE_IMAP_TAG_PREFIX } from '../limits';
import type {
  GreetingVerdict,
  InputContext,
  InputVerdict,
  PreparedLine,
  ProtocolDriver,
  SentCommand,
  StarttlsCommand,
  StarttlsVerdict,
} from './driver';

/** A client line that ends by announcing a literal, `{n}` or `{n+}`: its data follows on the next line. */
const ENDS_WITH_LITERAL = /\{\d+\+?\}\s*$/;

/** RFC 7888: LITERAL- allows non-synchronising literals up to this many bytes. */
const LITERAL_MINUS_MAX_BYTES = 4096;

const CRLF_BYTES = 2;

/** Commands that carry credentials; typed without a tag they are still masked. */
const CREDENTIAL_COMMANDS = new Set(['LOGIN', 'AUTHENTICATE']);

/**
 * Returns the tag and command of a client line. A line that starts with LOGIN or AUTHENTICATE
 * has no tag: the server takes the command name for the tag and rejects the line, but the
 * password it carries was typed all the same.
 */
function commandParts(line: string): { tag: string; command: string; tagless: boolean } | null {
  const first = /^\s*(\S+)/.exec(line)?.[1] ?? '';
  if (CREDENTIAL_COMMANDS.has(first.toUpperCase())) {
    return { tag: first, command: first.toUpperCase(), tagless: true };
  }
  const parts = splitImapCommand(line);
  return parts === null ? null : { ...parts, tagless: false };
}

/**
 * IMAP session state. Tags pair commands with their completions. A client line after a literal
 * announcement or a `+` continuation is data, not a new command, and is masked when it can be a
 * credential. A synchronising literal `{n}` keeps its data line waiting until the server's `+`,
 * and a command typed without its tag gets one, visibly.
 */
export class ImapDriver implements ProtocolDriver {
  readonly protocol = 'imap' as const;
  readonly expectsGreeting = true;
  private reader: ImapResponseReader;
  private engineTagCount = 0;
  private autoTagCount = 0;
  /**
   * The command whose literal data or SASL exchange the next client line continues, with its
   * tag, so that only its own tagged completion ends it.
   */
  private continuing: { verb: string; secret: boolean; tag: string | null } | null = null;
  /** Set after a `+` continuation while an AUTHENTICATE exchange runs. */
  private saslChallengePending = false;
  /** A synchronising literal of this many bytes waits for the server's `+`. */
  private literalAwaitingContinuation: number | null = null;
  /** Bytes of literal data still to be sent. */
  private literalBytesLeft = 0;
  /** The server completed the command instead of sending `+`; its queued literal data is dropped. */
  private refusedLiteral: string | null = null;
  /** Tags sent and not completed yet, with their command names. */
  private readonly openTags = new Map<string, string>();
  /** The command name each tagged completion answers. */
  private readonly answeredCommand = new WeakMap<ImapResponse, string>();

  constructor(private readonly maxLineBytes: number = MAX_TRACKED_LINE_BYTES) {
    this.reader = new ImapResponseReader(maxLineBytes);
  }

  get bufferedByteCount(): number {
    return this.reader.bufferedByteCount;
  }

  get awaitingReplies(): number {
    return this.openTags.size;
  }

  readonly inMessageBody = false;

  receive(chunk: Uint8Array): ServerReply[] {
    const responses = this.reader.push(chunk);
    for (const response of responses) {
      if (response.kind === 'continuation' && this.literalAwaitingContinuation !== null) {
        this.literalBytesLeft = this.literalAwaitingContinuation;
        this.literalAwaitingContinuation = null;
        continue;
      }
      if (response.kind === 'continuation' && this.continuing?.verb === 'AUTHENTICATE') {
        this.saslChallengePending = true;
      }
      if (response.kind === 'tagged' && response.tag !== null) {
        const command = this.openTags.get(response.tag);
        if (command !== undefined) {
          this.answeredCommand.set(response, command);
        }
        this.openTags.delete(response.tag);
      }
      if (response.kind === 'tagged' && response.tag === this.continuing?.tag) {
        if (this.literalAwaitingContinuation !== null || this.literalBytesLeft > 0) {
          this.refusedLiteral = imapResponseSummary(response);
        }
        this.literalAwaitingContinuation = null;
        this.literalBytesLeft = 0;
        this.continuing = null;
        this.saslChallengePending = false;
      }
    }
    return responses;
  }

  prepare(line: string): PreparedLine {
    if (this.saslChallengePending) {
      return { display: maskSaslResponse(line), starttls: null };
    }
    if (this.continuing !== null) {
      return { display: this.continuing.secret ? SECRET_MASK : line, starttls: null };
    }
    const parts = commandParts(line);
    if (parts?.command === 'LOGIN') {
      const argumentsStart = line.toUpperCase().indexOf('LOGIN') + 'LOGIN'.length;
      const { masked } = maskImapLoginArguments(line.slice(argumentsStart));
      return { display: `${line.slice(0, argumentsStart)}${masked}`, starttls: null };
    }
    if (parts?.command === 'AUTHENTICATE' && parts.tagless) {
      return { display: maskAfterWords(line, 2), starttls: null };
    }
    if (parts?.command === 'AUTHENTICATE') {
      // `tag AUTHENTICATE <mechanism> <initial response>` (RFC 4959): the mechanism stays visible.
      return { display: maskAfterWords(line, 3), starttls: null };
    }
    const tag = imapStarttlsTag(line);
    return { display: line, starttls: tag === null ? null : { tag } };
  }

  noteSent(line: string): SentCommand {
    if (this.saslChallengePending) {
      this.saslChallengePending = false;
      return { verb: 'AUTHENTICATE', tag: null };
    }
    if (this.continuing !== null && this.literalBytesLeft > 0) {
      return this.consumeLiteral(line, this.continuing.verb);
    }
    if (this.continuing !== null) {
      const verb = this.continuing.verb;
      if (!ENDS_WITH_LITERAL.test(line) && verb !== 'AUTHENTICATE') {
        this.continuing = null;
      }
      this.announceLiteral(line);
      return { verb, tag: null };
    }
    const parts = commandParts(line);
    const verb = parts?.command ?? '';
    const tag = parts?.tag ?? null;
    if (tag !== null) {
      this.openTags.set(tag, verb);
    }
    if (verb === 'AUTHENTICATE') {
      this.continuing = { verb, secret: true, tag };
    } else if (ENDS_WITH_LITERAL.test(line)) {
      // Literal data of LOGIN can be the user name or the password; both are masked.
      this.continuing = { verb, secret: verb === 'LOGIN', tag };
    }
    this.announceLiteral(line);
    return { verb, tag };
  }

  /** Notes the literal a sent line ends with: `{n}` waits for `+`, `{n+}` follows at once. */
  private announceLiteral(line: string): void {
    const literal = literalAtLineEnd(line);
    if (literal === null || literal.size === 0) {
      return;
    }
    if (literal.synchronizing) {
      this.literalAwaitingContinuation = literal.size;
    } else {
      this.literalBytesLeft = literal.size;
    }
  }

  /**
   * Counts a line of literal data. The CRLF the console appends belongs to the literal while
   * bytes are left. Once the literal is complete, the rest of the line continues the command.
   */
  private consumeLiteral(line: string, verb: string): SentCommand {
    const bytes = Buffer.from(line, 'utf8');
    if (bytes.length + CRLF_BYTES <= this.literalBytesLeft) {
      this.literalBytesLeft -= bytes.length + CRLF_BYTES;
      return { verb, tag: null };
    }
    const rest = bytes.subarray(Math.min(this.literalBytesLeft, bytes.length)).toString('utf8');
    this.literalBytesLeft = 0;
    if (!ENDS_WITH_LITERAL.test(rest)) {
      this.continuing = null;
    }
    this.announceLiteral(rest);
    return { verb, tag: null };
  }

  judgeInput(line: string, context: InputContext): InputVerdict {
    if (this.refusedLiteral !== null) {
      if (context.waited) {
        return {
          action: 'drop',
          reason: `Not sent: the server completed the command (${this.refusedLiteral}) instead of asking for its literal data with "+".`,
        };
      }
      this.refusedLiteral = null;
    }
    if (this.literalAwaitingContinuation !== null) {
      return {
        action: 'wait',
        reason: `Holding the literal data (${this.literalAwaitingContinuation} bytes) until the server answers "+" (RFC 9051, section 4.3).`,
      };
    }
    if (this.isFreshLogin(line) && context.capabilities.includes('LOGINDISABLED')) {
      return {
        action: 'drop',
        reason:
          'Not sent: the server advertised LOGINDISABLED, so it refuses LOGIN on this connection and the password would only travel in clear. Run STARTTLS first.',
      };
    }
    const literal = literalAtLineEnd(line);
    if (
      literal !== null &&
      !literal.synchronizing &&
      !allowsNonSynchronizing(context.capabilities, literal.size)
    ) {
      return {
        action: 'send',
        note: `The server did not offer LITERAL+${literal.size <= LITERAL_MINUS_MAX_BYTES ? ' or LITERAL-' : ''}, so it may reject {${literal.size}+}; {${literal.size}} waits for its "+" instead.`,
      };
    }
    return { action: 'send' };
  }

  /** True for a LOGIN command line, tagged or not, that starts a new command. */
  private isFreshLogin(line: string): boolean {
    if (this.continuing !== null || this.saslChallengePending || this.literalBytesLeft > 0) {
      return false;
    }
    const words = line.trim().split(/\s+/);
    const command = imapLineNeedsTag(line) ? words[0] : words[1];
    return command?.toUpperCase() === 'LOGIN';
  }

  completeInput(line: string): string | null {
    const busy =
      this.continuing !== null ||
      this.saslChallengePending ||
      this.literalAwaitingContinuation !== null ||
      this.literalBytesLeft > 0;
    if (busy || !imapLineNeedsTag(line)) {
      return null;
    }
    this.autoTagCount++;
    return `${AUTO_TAG_PREFIX}${this.autoTagCount} ${line.trimStart()}`;
  }

  completes(reply: ServerReply, command: SentCommand): boolean {
    const response = reply as ImapResponse;
    return response.kind === 'tagged' && response.tag === command.tag;
  }

  classifyGreeting(reply: ServerReply): GreetingVerdict {
    const response = reply as ImapResponse;
    if (response.kind === 'untagged' && response.status === 'OK') {
      return 'ok';
    }
    return response.kind === 'untagged' && response.status === 'PREAUTH' ? 'preauth' : 'rejected';
  }

  classifyStarttlsReply(reply: ServerReply, command: StarttlsCommand): StarttlsVerdict {
    const response = reply as ImapResponse;
    if (response.kind === 'continuation') {
      // STARTTLS ends in OK or BAD and takes no continuation (RFC 2595, section 3.1). A `+` in
      // its place means the server is not starting TLS, so nothing may follow in plaintext.
      return 'rejected';
    }
    if (response.kind !== 'tagged' || response.tag !== command.tag) {
      return 'unrelated';
    }
    return response.status === 'OK' ? 'go-ahead' : 'rejected';
  }

  capabilitiesFrom(reply: ServerReply): string[] | null {
    return parseImapCapabilities(reply as ImapResponse);
  }

  capabilitySource(reply: ServerReply): CapabilitySource {
    const response = reply as ImapResponse;
    if (response.kind === 'untagged' && response.status === null) {
      return 'capability';
    }
    return response.kind === 'untagged' &&
      (response.status === 'OK' || response.status === 'PREAUTH')
      ? 'greeting'
      : 'response-code';
  }

  describeReply(reply: ServerReply): LastReply | null {
    const response = reply as ImapResponse;
    if (response.kind === 'continuation') {
      return { command: null, status: '+', line: imapResponseSummary(response) };
    }
    if (response.kind !== 'tagged') {
      return null;
    }
    return {
      command: this.answeredCommand.get(response) ?? null,
      status: response.status ?? '',
      line: imapResponseSummary(response),
    };
  }

  offersStarttls(capabilities: readonly string[]): boolean {
    return capabilities.includes('STARTTLS');
  }

  capabilityCommand(): string {
    return `${this.nextEngineTag()} CAPABILITY`;
  }

  starttlsCommand(): string {
    return `${this.nextEngineTag()} STARTTLS`;
  }

  resetForTls(): void {
    this.reader = new ImapResponseReader(this.maxLineBytes);
    this.continuing = null;
    this.saslChallengePending = false;
    this.literalAwaitingContinuation = null;
    this.literalBytesLeft = 0;
    this.refusedLiteral = null;
    this.openTags.clear();
  }

  private nextEngineTag(): string {
    this.engineTagCount++;
    return `${ENGINE_IMAP_TAG_PREFIX}${this.engineTagCount}`;
  }
}

function allowsNonSynchronizing(capabilities: readonly string[], size: number): boolean {
  return (
    capabilities.includes('LITERAL+') ||
    (capabilities.includes('LITERAL-') && size <= LITERAL_MINUS_MAX_BYTES)
  );
}
