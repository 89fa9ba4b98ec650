import { imapResponseSummary, type ImapResponse } from './imap';
import type { Pop3Response } from './pop3';
import { smtpReplySummary, type SmtpReply } from './smtp';

/** A complete server reply of any protocol. */
export type ServerReply = SmtpReply | ImapResponse | Pop3Response;

/** Returns the line of a reply that best states its outcome, for messages and error context. */
export function replySummary(reply: ServerReply): string {
  switch (reply.protocol) {
    case 'smtp':
      return smtpReplySummary(reply);
    case 'imap':
      return imapResponseSummary(reply);
    case 'pop3':
      return reply.firstLine;
  }
}
