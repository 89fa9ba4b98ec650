import { describeError } from '../../../shared/errors';
import type { MailtapApi } from '../../../shared/ipc/contract';
import { describeFailure } from '../api/request-errors';
import { CommandHistory } from '../commands/command-history';
import {
  joinCommandLines,
  sendLinesInChunks,
  splitCommandLines,
  type SendOutcome,
} from '../commands/command-lines';
import { linesForHistory } from '../commands/history-secrets';
import type { CommandState, StoreState } from './store-state';

const EMPTY_COMMAND: CommandState = { draft: '', sending: false, error: null };

/** Callbacks into the store that owns the command boxes. */
export interface CommandBoxHost {
  readonly api: MailtapApi;
  getState(): StoreState;
  update(change: Partial<StoreState>): void;
  isDismissed(sessionId: string): boolean;
}

function describeOutcome(outcome: SendOutcome): string | null {
  if (outcome.failure === null) {
    return null;
  }
  return 'error' in outcome.failure
    ? describeError(outcome.failure.error)
    : describeFailure(outcome.failure.thrown);
}

/** The command box of each session: its draft, its history and the sending of its lines. */
export class CommandBoxes {
  readonly #host: CommandBoxHost;
  readonly #histories = new Map<string, CommandHistory>();

  constructor(host: CommandBoxHost) {
    this.#host = host;
  }

  commandOf(sessionId: string): CommandState {
    return this.#host.getState().commands.get(sessionId) ?? EMPTY_COMMAND;
  }

  setDraft(sessionId: string, draft: string): void {
    this.#historyOf(sessionId).stopBrowsing();
    this.update(sessionId, { draft });
  }

  recallPrevious(sessionId: string): boolean {
    const text = this.#historyOf(sessionId).previous(this.commandOf(sessionId).draft);
    if (text === undefined) {
      return false;
    }
    this.update(sessionId, { draft: text });
    return true;
  }

  recallNext(sessionId: string): boolean {
    const text = this.#historyOf(sessionId).next();
    if (text === undefined) {
      return false;
    }
    this.update(sessionId, { draft: text });
    return true;
  }

  /**
   * Sends the lines of the box in order, in as few requests as the engine's caps allow. The box
   * keeps its text until the send ends, and then contains exactly the lines not sent, next to the
   * error. Nothing is sent from a closed session's box; the session view says why.
   */
  async send(sessionId: string): Promise<void> {
    const command = this.commandOf(sessionId);
    const session = this.#host.getState().sessions.find((item) => item.sessionId === sessionId);
    if (command.sending || session === undefined || session.phase === 'closed') {
      return;
    }

    if (command.hold !== undefined) {
      // The draft stays in the box, so the line can go once the hold ends.
      this.update(sessionId, { error: command.hold });
      return;
    }

    const lines = splitCommandLines(command.draft);
    this.update(sessionId, { sending: true, error: null });
    const outcome = await sendLinesInChunks(
      lines,
      (chunk) => this.#host.api.sendLines(sessionId, chunk),
      (sentCount) => {
        if (sentCount < lines.length) {
          this.update(sessionId, { progress: { sentCount, total: lines.length } });
        }
      },
    );

    const history = this.#historyOf(sessionId);
    const sent = lines.slice(0, outcome.sentCount);
    for (const line of linesForHistory(sent, new Set(outcome.maskedIndexes))) {
      history.add(line);
    }
    let draft = command.draft;
    if (outcome.sentCount > 0) {
      draft = joinCommandLines(lines.slice(outcome.sentCount));
    }
    this.update(sessionId, {
      draft,
      sending: false,
      error: describeOutcome(outcome),
      progress: undefined,
    });
  }

  /**
   * Sends lines on the user's behalf, for a guided step; each appears in the terminal as it goes
   * out. Returns why a line was not sent, or null when all were.
   */
  async sendLines(sessionId: string, lines: readonly string[]): Promise<string | null> {
    const outcome = await sendLinesInChunks(
      lines,
      (chunk) => this.#host.api.sendLines(sessionId, chunk),
      () => undefined,
    );
    return describeOutcome(outcome);
  }

  /**
   * Stops the box from sending until `release`, with the reason shown when the user tries.
   * The exact-bytes box and the Upgrade action honour the same hold.
   */
  hold(sessionId: string, reason: string): void {
    if (this.commandOf(sessionId).hold !== reason) {
      this.update(sessionId, { hold: reason });
    }
  }

  /** Ends a hold; the error it caused goes with it, because it no longer applies. */
  release(sessionId: string): void {
    const command = this.commandOf(sessionId);
    if (command.hold === undefined) {
      return;
    }
    this.update(sessionId, {
      hold: undefined,
      error: command.error === command.hold ? null : command.error,
    });
  }

  /** Gives a new session the draft and history of the session it replaces, as Reconnect does. */
  carryOver(fromSessionId: string, toSessionId: string): void {
    const history = this.#histories.get(fromSessionId);
    if (history !== undefined) {
      this.#histories.set(toSessionId, history);
    }
    this.update(toSessionId, { draft: this.commandOf(fromSessionId).draft, error: null });
  }

  forget(sessionId: string): void {
    this.#histories.delete(sessionId);
  }

  update(sessionId: string, change: Partial<CommandState>): void {
    if (this.#host.isDismissed(sessionId)) {
      return;
    }
    const commands = new Map(this.#host.getState().commands);
    commands.set(sessionId, { ...this.commandOf(sessionId), ...change });
    this.#host.update({ commands });
  }

  #historyOf(sessionId: string): CommandHistory {
    let history = this.#histories.get(sessionId);
    if (history === undefined) {
      history = new CommandHistory();
      this.#histories.set(sessionId, history);
    }
    return history;
  }
}
