import {
  imapStarttlsTag,
  ImapResponseReader,
  parseImapCapabilities,
  splitImapCommand,
  type ImapResponse,
} from '../../../shared/protocol/imap';
import type { ServerReply } from '../../../shared/protocol/reply';
import {
  maskAfterWords,
  maskImapLoginArguments,
  maskSaslResponse,
  SECRET_MASK,
} from '../../../shared/protocol/secrets';
import { ENGINE_IMAP_TAG_PREFIX } from '../limits';
import type {
  GreetingVerdict,
  PreparedLine,
  ProtocolDriver,
  SentCommand,
  StarttlsCommand,
  StarttlsVerdict,
} from './driver';

/** A client line that ends by announcing a literal, `{n}` or `{n+}`: its data follows on the next line. */
const ENDS_WITH_LITERAL = /\{\d+\+?\}\s*$/;

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
 * IMAP session state: tags pair commands with their completions; a client line after a literal
 * announcement or a `+` continuation is data, not a new command, and is masked when it can be a
 * credential.
 */
export class ImapDriver implements ProtocolDriver {
  readonly protocol = 'imap' as const;
  readonly expectsGreeting = true;
  private reader = new ImapResponseReader();
  private engineTagCount = 0;
  /**
   * The command whose literal data or SASL exchange the next client line continues, with its
   * tag, so that only its own tagged completion ends it.
   */
  private continuing: { verb: string; secret: boolean; tag: string | null } | null = null;
  /** Set after a `+` continuation while an AUTHENTICATE exchange runs. */
  private saslChallengePending = false;

  get bufferedByteCount(): number {
    return this.reader.bufferedByteCount;
  }

  receive(chunk: Uint8Array): ServerReply[] {
    const responses = this.reader.push(chunk);
    for (const response of responses) {
      if (response.kind === 'continuation' && this.continuing?.verb === 'AUTHENTICATE') {
        this.saslChallengePending = true;
      }
      if (response.kind === 'tagged' && response.tag === this.continuing?.tag) {
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
    if (this.continuing !== null) {
      const verb = this.continuing.verb;
      if (!ENDS_WITH_LITERAL.test(line) && verb !== 'AUTHENTICATE') {
        this.continuing = null;
      }
      return { verb, tag: null };
    }
    const parts = commandParts(line);
    const verb = parts?.command ?? '';
    const tag = parts?.tag ?? null;
    if (verb === 'AUTHENTICATE') {
      this.continuing = { verb, secret: true, tag };
    } else if (ENDS_WITH_LITERAL.test(line)) {
      // Literal data of LOGIN can be the user name or the password; both are masked.
      this.continuing = { verb, secret: verb === 'LOGIN', tag };
    }
    return { verb, tag };
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
    if (response.kind !== 'tagged' || response.tag !== command.tag) {
      return 'unrelated';
    }
    return response.status === 'OK' ? 'go-ahead' : 'rejected';
  }

  capabilitiesFrom(reply: ServerReply): string[] | null {
    return parseImapCapabilities(reply as ImapResponse);
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
    this.reader = new ImapResponseReader();
    this.continuing = null;
    this.saslChallengePending = false;
  }

  private nextEngineTag(): string {
    this.engineTagCount++;
    return `${ENGINE_IMAP_TAG_PREFIX}${this.engineTagCount}`;
  }
}
