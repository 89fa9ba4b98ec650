import { decodeBase64 } from '../../../shared/encoding/base64';
import type { ServerReply } from '../../../shared/protocol/reply';
import { replySummary } from '../../../shared/protocol/reply';
import { SECRET_MASK } from '../../../shared/protocol/secrets';
import { bytesToVisibleText } from '../../../shared/sasl/challenge-text';
import { explainAuthFailure } from '../../../shared/sasl/failure-explanations';
import {
  classifyAuthReply,
  displaySaslResponse,
  encodeSaslResponse,
  SASL_CANCEL,
  saslCommand,
  type AuthReply,
  type OutgoingLine,
} from '../../../shared/sasl/framing';
import type { AuthTarget } from '../../../shared/sasl/plan';
import type { AuthProgress, AuthRequest } from '../../../shared/sasl/types';
import { commandSteps, type CommandStep } from './exchange-steps';
import { createSaslClient, type SaslClient } from './sasl-clients';

/** The session functions the exchange calls. */
export interface AuthExchangeHooks {
  /** Sends a line; the terminal, transcript and logs get `display`. */
  readonly write: (line: OutgoingLine) => void;
  readonly note: (level: 'info' | 'warning' | 'error', text: string) => void;
  /** The progress changed, so the session should publish a new snapshot. */
  readonly changed: () => void;
}

export interface AuthExchangeSetup {
  readonly request: AuthRequest;
  readonly target: AuthTarget;
  /** The first line of the greeting, for the APOP timestamp. */
  readonly greeting: string | null;
  /** How long to wait for each reply before the exchange gives up. */
  readonly replyMs: number;
}

/**
 * Shortest secret that the display check looks for: shorter ones (a one-letter test password)
 * occur by chance in command names and user names, so finding them proves nothing.
 */
const MIN_CHECKED_SECRET_CHARS = 4;

/** SMTP reply codes for a command whose syntax the server did not understand. */
const SMTP_SYNTAX_CODES = /^50[012]\b/;

/**
 * Returns a display form that certainly lacks the secret. Every display is built masked; this
 * is the last check before a line reaches the terminal, so a mistake in a builder cannot leak.
 */
export function guardDisplay(display: string, secret: string): string {
  if (secret.length < MIN_CHECKED_SECRET_CHARS || !display.includes(secret)) {
    return display;
  }
  return display.split(secret).join(SECRET_MASK);
}

type Flow =
  | {
      readonly kind: 'sasl';
      readonly client: SaslClient;
      initialSent: boolean;
      initialInCommand: boolean;
    }
  | { readonly kind: 'commands'; readonly steps: readonly CommandStep[]; next: number };

/**
 * One authentication run by the auth helper inside a live session. It sends the first line,
 * then responds to each server challenge as it arrives, until the server accepts or rejects the
 * login. Every line goes out with its masked display form, and the secret stays in this object.
 */
export class AuthExchange {
  readonly #setup: AuthExchangeSetup;
  readonly #hooks: AuthExchangeHooks;
  #flow: Flow;
  #state: AuthProgress['state'] = 'running';
  #label = '';
  readonly #sentLines: string[] = [];
  #lastChallenge: AuthProgress['lastChallenge'] = null;
  #finalReply: string | null = null;
  #explanation: string | null = null;
  /** Set when the client cancelled with `*`; the server's reply to that ends the exchange. */
  #abortReason: string | null = null;
  #fallbackUsed = false;
  #queue: Promise<void> = Promise.resolve();
  #timer: NodeJS.Timeout | null = null;

  private constructor(setup: AuthExchangeSetup, hooks: AuthExchangeHooks, flow: Flow) {
    this.#setup = setup;
    this.#hooks = hooks;
    this.#flow = flow;
  }

  /** Checks the request and encodes the credentials; returns the reason when it cannot. */
  static create(
    setup: AuthExchangeSetup,
    hooks: AuthExchangeHooks,
  ): { ok: true; exchange: AuthExchange } | { ok: false; problem: string } {
    const { request, target } = setup;
    if (request.method === 'sasl') {
      const client = createSaslClient(request, target);
      if (!client.ok) {
        return client;
      }
      const flow: Flow = {
        kind: 'sasl',
        client: client.client,
        initialSent: false,
        initialInCommand: false,
      };
      return { ok: true, exchange: new AuthExchange(setup, hooks, flow) };
    }
    const steps = commandSteps(request, target, setup.greeting);
    if (!steps.ok) {
      return steps;
    }
    return {
      ok: true,
      exchange: new AuthExchange(setup, hooks, { kind: 'commands', steps: steps.steps, next: 0 }),
    };
  }

  get running(): boolean {
    return this.#state === 'running';
  }

  progress(): AuthProgress {
    const flow = this.#flow;
    return {
      label: this.#label,
      state: this.#state,
      sentLines: [...this.#sentLines],
      lastChallenge: this.#lastChallenge,
      finalReply: this.#finalReply,
      explanation: this.#explanation,
      serverSignature: flow.kind === 'sasl' ? flow.client.serverSignature : null,
    };
  }

  /** Sends the first line (or, with non-synchronising literals, every line). */
  start(): void {
    const flow = this.#flow;
    if (flow.kind === 'commands') {
      this.#sendSteps(flow);
    } else {
      this.#sendSaslCommand(flow, this.#setup.request.initialResponse);
    }
    this.#label = this.#sentLines[0] ?? '';
    this.#hooks.changed();
  }

  /** Takes a server reply; replies are processed one after another, in order of arrival. */
  handle(reply: ServerReply): void {
    if (!this.running) {
      return;
    }
    this.#queue = this.#queue
      .then(() => this.#process(reply))
      .catch((error: unknown) =>
        this.#finish('failed', null, `The exchange failed inside Mailtap: ${String(error)}`),
      );
  }

  /** Stops the deadline timer; the exchange takes no more replies. */
  dispose(): void {
    this.#clearTimer();
    if (this.running) {
      this.#state = 'failed';
      this.#explanation = 'The session ended before the server answered.';
    }
  }

  #send(line: OutgoingLine): void {
    const display = guardDisplay(line.display, this.#setup.request.secret);
    this.#hooks.write({ text: line.text, display });
    this.#sentLines.push(display);
    this.#restartTimer();
  }

  #sendSaslCommand(flow: Flow & { kind: 'sasl' }, withInitial: boolean): void {
    const { target, request } = this.#setup;
    const initial = withInitial ? flow.client.initialMessage : null;
    flow.initialSent = initial !== null;
    flow.initialInCommand = initial !== null;
    this.#send(saslCommand(target.protocol, request.mechanism, initial, request.tag));
  }

  #sendSteps(flow: Flow & { kind: 'commands' }): void {
    while (flow.next < flow.steps.length) {
      const step = flow.steps[flow.next]!;
      flow.next++;
      this.#send(step.line);
      if (step.waitFor !== 'none') {
        return;
      }
    }
  }

  async #process(reply: ServerReply): Promise<void> {
    if (!this.running) {
      return;
    }
    // NOTE: SMTP and POP3 replies carry no tag, so the first reply after the command is taken
    // as its answer. A reply still due to a line typed just before Insert would be misread.
    const meaning = classifyAuthReply(reply, this.#setup.request.tag);
    if (meaning.kind === 'unrelated') {
      return;
    }
    this.#clearTimer();
    if (meaning.kind === 'challenge') {
      await this.#answerChallenge(meaning);
    } else {
      this.#conclude(meaning.kind, replySummary(reply));
    }
    this.#hooks.changed();
  }

  async #answerChallenge(challenge: AuthReply & { kind: 'challenge' }): Promise<void> {
    const flow = this.#flow;
    if (flow.kind === 'commands') {
      const waiting = flow.steps[flow.next - 1]?.waitFor;
      if (waiting === 'continuation') {
        this.#sendSteps(flow);
      } else {
        this.#restartTimer();
      }
      return;
    }

    const decoded = decodeBase64(challenge.base64);
    if (!decoded.ok) {
      this.#cancel(`The challenge ${JSON.stringify(challenge.base64)} is not valid base64.`);
      return;
    }
    this.#lastChallenge = {
      base64: challenge.base64,
      text: bytesToVisibleText(decoded.bytes).text,
    };

    if (!flow.initialSent && flow.client.initialMessage !== null) {
      flow.initialSent = true;
      this.#sendSaslResponse(flow.client.initialMessage);
      return;
    }
    const answer = await flow.client.respond(decoded.bytes);
    if (!this.running) {
      return;
    }
    if (answer.kind === 'abort') {
      this.#cancel(answer.reason);
      return;
    }
    if (answer.note !== null) {
      this.#hooks.note('info', answer.note);
    }
    this.#sendSaslResponse(answer.bytes);
  }

  #sendSaslResponse(bytes: Uint8Array): void {
    const text = encodeSaslResponse(bytes, false);
    this.#send({ text, display: displaySaslResponse(text) });
  }

  /** Ends the exchange without a reply, for a server that never replies or never ends a response. */
  stop(): void {
    if (this.running) {
      this.#finish(
        'failed',
        null,
        'You stopped the helper. If the server still waits for a SASL response, type "*" to cancel the exchange there too.',
      );
    }
  }

  #cancel(reason: string): void {
    this.#abortReason = reason;
    this.#hooks.note('error', `${reason} Cancelling the exchange with "*".`);
    this.#send(SASL_CANCEL);
  }

  #conclude(outcome: 'success' | 'failure', line: string): void {
    const flow = this.#flow;
    if (outcome === 'success') {
      if (flow.kind === 'commands' && flow.steps[flow.next - 1]?.waitFor === 'success') {
        this.#sendSteps(flow);
        return;
      }
      this.#succeed(line);
      return;
    }
    if (this.#shouldRetryWithoutInitialResponse(line)) {
      this.#fallbackUsed = true;
      this.#hooks.note(
        'warning',
        'The server rejected the command with an initial response; trying again without it, so the first message follows its challenge.',
      );
      this.#sendSaslCommand(flow as Flow & { kind: 'sasl' }, false);
      return;
    }
    const { target, request } = this.#setup;
    const usedToken =
      request.method === 'sasl' &&
      (request.mechanism === 'XOAUTH2' || request.mechanism === 'OAUTHBEARER');
    const explanation =
      this.#abortReason ??
      explainAuthFailure(target.protocol, line, {
        usedPassword: !usedToken,
        plaintext: !target.underTls,
      });
    this.#finish('failed', line, explanation);
  }

  #shouldRetryWithoutInitialResponse(line: string): boolean {
    const flow = this.#flow;
    if (
      flow.kind !== 'sasl' ||
      !flow.initialInCommand ||
      this.#fallbackUsed ||
      this.#abortReason !== null
    ) {
      return false;
    }
    const { protocol } = this.#setup.target;
    if (protocol === 'smtp') {
      return SMTP_SYNTAX_CODES.test(line);
    }
    return protocol === 'imap' && /^\S+ BAD\b/i.test(line);
  }

  #succeed(line: string): void {
    const flow = this.#flow;
    if (
      flow.kind === 'sasl' &&
      /^SCRAM-/.test(this.#setup.request.mechanism) &&
      flow.client.serverSignature !== 'verified'
    ) {
      this.#hooks.note(
        'warning',
        'The server accepted the login without proving that it knows the password (no SCRAM server signature).',
      );
    }
    this.#finish('succeeded', line, 'The server accepted the credentials.');
  }

  #finish(state: 'succeeded' | 'failed', line: string | null, explanation: string): void {
    this.#clearTimer();
    this.#state = state;
    this.#finalReply = line;
    this.#explanation = explanation;
    const label = this.#label === '' ? 'Authentication' : this.#label;
    if (state === 'succeeded') {
      this.#hooks.note('info', `Auth helper: ${label} succeeded.`);
    } else {
      this.#hooks.note('warning', `Auth helper: ${label} failed. ${explanation}`);
    }
    this.#hooks.changed();
  }

  #restartTimer(): void {
    this.#clearTimer();
    const { replyMs } = this.#setup;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.running) {
        this.#finish(
          'failed',
          null,
          `The server did not answer within ${replyMs} ms, so the helper stopped. If the server still waits for a SASL response, type "*" to cancel.`,
        );
      }
    }, replyMs);
  }

  #clearTimer(): void {
    if (this.#timer !== null) {
      clearTimeout(this.#timer);
      this.#timer = null;
    }
  }
}
