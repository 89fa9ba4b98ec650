import type { ServerReply } from '../../../shared/protocol/reply';
import { maskCredentialLine } from '../../../shared/protocol/secrets';
import type {
  GreetingVerdict,
  InputVerdict,
  PreparedLine,
  ProtocolDriver,
  SentCommand,
  StarttlsVerdict,
} from './driver';

/**
 * A byte pipe with no protocol knowledge: no greeting, no replies, no STARTTLS. It still masks
 * lines that carry credentials in SMTP, IMAP or POP3, because raw sessions to mail ports are
 * common.
 */
export class RawDriver implements ProtocolDriver {
  readonly protocol = 'raw' as const;
  readonly expectsGreeting = false;
  readonly bufferedByteCount = 0;
  readonly awaitingReplies = 0;
  readonly inMessageBody = false;

  receive(): ServerReply[] {
    return [];
  }

  prepare(line: string): PreparedLine {
    return { display: maskCredentialLine(line), starttls: null };
  }

  noteSent(): SentCommand {
    return { verb: '', tag: null };
  }

  completes(): boolean {
    return false;
  }

  classifyGreeting(): GreetingVerdict {
    return 'ok';
  }

  classifyStarttlsReply(): StarttlsVerdict {
    return 'unrelated';
  }

  capabilitiesFrom(): null {
    return null;
  }

  offersStarttls(): boolean {
    return false;
  }

  capabilityCommand(): string {
    return '';
  }

  starttlsCommand(): null {
    return null;
  }

  resetForTls(): void {}

  judgeInput(): InputVerdict {
    return { action: 'send' };
  }

  completeInput(): null {
    return null;
  }

  capabilitySource(): 'capa' {
    return 'capa';
  }

  describeReply(): null {
    return null;
  }
}
