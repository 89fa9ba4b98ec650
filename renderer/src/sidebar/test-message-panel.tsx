import { useEffect, useId, useState } from 'react';

import {
  buildTestMessageSteps,
  rfc5322Date,
  type TestMessageStep,
} from '../../../shared/guide/test-message';
import type { LastReply } from '../../../shared/session';
import { useSessionStore, useStoreState } from '../store/store-context';
import type { SidebarPanelProps } from './panels';

type StepResult = { readonly ok: boolean; readonly reply: LastReply };

interface Progress {
  /** Index of the step whose reply is awaited, or null when none was sent. */
  readonly waitingFor: number | null;
  /** The session's reply count when that step was sent. */
  readonly repliesBefore: number;
  readonly results: readonly (StepResult | undefined)[];
  /**
   * True from sending DATA until the reply to the final dot or a failed DATA. The guide then
   * owns what the server reads, so the command box keeps typed lines back.
   */
  readonly ownsMessage: boolean;
  /** Date and Message-ID, fixed when the flow starts so a retry sends the same message. */
  readonly date: string;
  readonly messageId: string;
}

function freshProgress(): Progress {
  return {
    waitingFor: null,
    repliesBefore: 0,
    results: [],
    ownsMessage: false,
    date: rfc5322Date(new Date()),
    messageId: `<mailtap.${Date.now()}.${Math.random().toString(36).slice(2, 10)}@mailtap.invalid>`,
  };
}

/** The command box's error when a line is typed while the guide owns the message. */
export const MESSAGE_HOLD =
  'Not sent: the Test message guide is sending a message after DATA, so a typed line would become part of it. The text stays here; send it after the guide ends the message, or press Start over in the Test message panel to write the message yourself.';

function nextStepIndex(progress: Progress, steps: readonly TestMessageStep[]): number {
  const done = progress.results.findIndex((result) => result === undefined || !result.ok);
  return done < 0 ? Math.min(progress.results.length, steps.length) : done;
}

/**
 * Walks through one test message: MAIL FROM, RCPT TO, DATA, then headers, body and the final dot.
 * Each step is a button; each line it sends appears in the terminal, and the step's reply decides
 * whether the next may go. The content is never sent before the server's 354.
 */
export function TestMessagePanel({ sessionId }: SidebarPanelProps) {
  const store = useSessionStore();
  const snapshot = useStoreState((state) =>
    state.sessions.find((session) => session.sessionId === sessionId),
  );
  const id = useId();
  const [fields, setFields] = useState({
    from: '',
    to: '',
    subject: 'Mailtap test message',
    body: 'This is a test message sent step by step from Mailtap.',
  });
  const [progress, setProgress] = useState(freshProgress);
  const [warning, setWarning] = useState<string | null>(null);
  const input = snapshot?.input;
  const commandBoxSending = useStoreState(
    (state) => state.commands.get(sessionId)?.sending ?? false,
  );

  // Typed lines wait in the command box while the guide owns the message, and are free again
  // when it ends or the panel goes away.
  useEffect(() => {
    if (!progress.ownsMessage) {
      return;
    }
    store.holdCommands(sessionId, MESSAGE_HOLD);
    return () => store.releaseCommands(sessionId);
  }, [store, sessionId, progress.ownsMessage]);

  if (snapshot === undefined) {
    return null;
  }
  if (snapshot.protocol !== 'smtp') {
    return <p className="facts-empty">The test message guide is for SMTP sessions.</p>;
  }

  const steps = buildTestMessageSteps({
    ...fields,
    date: progress.date,
    messageId: progress.messageId,
  });
  // A step's result is the first reply to its command after it was sent. The result is stored
  // while rendering (React's pattern for state derived from a changed input), because later
  // replies replace lastReply.
  const waiting = progress.waitingFor === null ? undefined : steps[progress.waitingFor];
  const reply = input?.lastReply;
  if (
    waiting !== undefined &&
    input !== undefined &&
    reply !== null &&
    reply !== undefined &&
    input.replyCount > progress.repliesBefore &&
    reply.command === waiting.verb
  ) {
    const results = [...progress.results];
    const ok = waiting.expected.includes(Number(reply.status));
    results[progress.waitingFor!] = { ok, reply };
    const ownsMessage = waiting.id === 'data' && ok;
    setProgress({ ...progress, waitingFor: null, results, ownsMessage });
  }

  const next = nextStepIndex(progress, steps);
  const nextStep = steps[next];
  const ready = fields.from.trim() !== '' && fields.to.trim() !== '';

  const send = async (): Promise<void> => {
    if (nextStep === undefined) {
      return;
    }
    if (nextStep.id !== 'message' && input?.inMessageBody === true) {
      setWarning(
        'Not sent: the server is reading message content after DATA, so it would take this command as part of the message. End the message with a line containing only "." in the Command box first.',
      );
      return;
    }
    if (nextStep.id === 'data' && commandBoxSending) {
      setWarning(
        'Not sent: the Command box is still sending lines, and they would become part of the message. Wait until it finishes.',
      );
      return;
    }
    if (nextStep.id === 'message' && input?.inMessageBody !== true) {
      setWarning(
        'Not sent: the server has not answered DATA with 354, so it would read the message as commands. Send DATA and wait for 354.',
      );
      return;
    }
    setWarning(null);
    const ownsMessage = nextStep.id === 'data' || nextStep.id === 'message';
    if (ownsMessage) {
      // Held before DATA goes out, so no typed line can slip in before the guide's content.
      store.holdCommands(sessionId, MESSAGE_HOLD);
    }
    setProgress({
      ...progress,
      waitingFor: next,
      repliesBefore: input?.replyCount ?? 0,
      ownsMessage,
    });
    const failure = await store.sendLines(sessionId, nextStep.lines);
    if (failure !== null) {
      setWarning(failure);
      store.releaseCommands(sessionId);
      setProgress((current) => ({ ...current, waitingFor: null, ownsMessage: false }));
    }
  };

  return (
    <div className="test-message">
      <p className="facts-empty">
        Send EHLO (and AUTH where the server needs it) first; then step through the message.
      </p>
      <label htmlFor={`${id}-from`}>From</label>
      <input
        id={`${id}-from`}
        value={fields.from}
        placeholder="alice@example.com"
        onChange={(event) => setFields({ ...fields, from: event.target.value })}
      />
      <label htmlFor={`${id}-to`}>To</label>
      <input
        id={`${id}-to`}
        value={fields.to}
        placeholder="bob@example.net"
        onChange={(event) => setFields({ ...fields, to: event.target.value })}
      />
      <label htmlFor={`${id}-subject`}>Subject</label>
      <input
        id={`${id}-subject`}
        value={fields.subject}
        onChange={(event) => setFields({ ...fields, subject: event.target.value })}
      />
      <label htmlFor={`${id}-body`}>Body</label>
      <textarea
        id={`${id}-body`}
        rows={4}
        value={fields.body}
        onChange={(event) => setFields({ ...fields, body: event.target.value })}
      />
      <ol className="test-message-steps" aria-label="Test message steps">
        {steps.map((step, index) => {
          const result = progress.results[index];
          const state =
            progress.waitingFor === index
              ? 'waiting'
              : result === undefined
                ? 'pending'
                : result.ok
                  ? 'done'
                  : 'failed';
          return (
            <li key={step.id} className={`test-message-step step-${state}`}>
              <span className="step-label">{step.label}</span>
              <span className="step-state">{state}</span>
              {result === undefined ? null : (
                <code className="step-reply">{result.reply.line}</code>
              )}
            </li>
          );
        })}
      </ol>
      <div className="test-message-actions">
        <button
          type="button"
          disabled={!ready || nextStep === undefined || progress.waitingFor !== null}
          onClick={() => void send()}
        >
          {nextStep === undefined ? 'Message sent' : `Send ${nextStep.label}`}
        </button>
        <button
          type="button"
          onClick={() => {
            setProgress(freshProgress());
            setWarning(null);
          }}
        >
          Start over
        </button>
      </div>
      {warning === null ? null : (
        <p role="alert" className="command-error">
          {warning}
        </p>
      )}
    </div>
  );
}
