import type { ServerReply } from '../../../shared/protocol/reply';
import type {
  GreetingVerdict,
  InputVerdict,
  PreparedLine,
  ProtocolDriver,
  SentCommand,
  StarttlsVerdict,
} from './driver';

/** A byte pipe with no protocol knowledge: no greeting, no replies, no STARTTLS. */
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
    return { display: line, starttls: null };
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
