import { useEffect, useId, useState } from 'react';

import { planTestMessage, type TestMessageStep } from '../../../shared/guide/test-message';
import type { InputState } from '../../../shared/session';
import { useSessionStore, useStoreState } from '../store/store-context';
import type { SidebarPanelProps } from './panels';
import {
  applyReply,
  freshProgress,
  markSent,
  nextStepIndex,
  type Progress,
} from './test-message-progress';

/** The command box's error when a line is typed while the guide owns the message. */
export const MESSAGE_HOLD =
  'Not sent: the Test message guide is sending a message after DATA, so a typed line would become part of it. The text stays here; send it after the guide ends the message, or press Start over in the Test message panel to write the message yourself.';

/** Returns why the step cannot go now, or null when it may be sent. */
function blockedReason(
  step: TestMessageStep,
  input: InputState | undefined,
  commandBoxSending: boolean,
): string | null {
  if (step.kind !== 'message' && input?.inMessageBody === true) {
    return 'Not sent: the server is reading message content after DATA, so it would take this command as part of the message. End the message with a line containing only "." in the Command box first.';
  }
  if (step.kind === 'data' && commandBoxSending) {
    return 'Not sent: the Command box is still sending lines, and they would become part of the message. Wait until it finishes.';
  }
  if (step.kind === 'message' && input?.inMessageBody !== true) {
    return 'Not sent: the server has not answered DATA with 354, so it would read the message as commands. Send DATA and wait for 354.';
  }
  return null;
}

function stepState(progress: Progress, index: number): string {
  const result = progress.results[index];
  if (progress.waitingFor === index) {
    return 'waiting';
  }
  if (result === undefined) {
    return 'pending';
  }
  return result.ok ? 'done' : 'failed';
}

/**
 * Walks through one test message: MAIL FROM, one RCPT TO per recipient, DATA, then headers, body
 * and the final dot. Each step is a button; each line it sends appears in the terminal, and the
 * step's reply decides whether the next may go. The content is never sent before the server's 354.
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
  const [progress, setProgress] = useState(() => freshProgress());
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

  const plan = planTestMessage(
    { ...fields, date: progress.date, messageId: progress.messageId },
    snapshot.capabilities?.keywords ?? [],
  );
  const steps = plan.steps;
  // Replies are applied while rendering (React's pattern for state derived from a changed input),
  // because later replies replace lastReply.
  const applied = applyReply(progress, steps, input);
  if (applied !== progress) {
    setProgress(applied);
  }

  const next = nextStepIndex(progress, steps);
  const nextStep = steps[next];
  const ready = fields.from.trim() !== '' && fields.to.trim() !== '' && plan.errors.length === 0;

  const send = async (): Promise<void> => {
    if (nextStep === undefined) {
      return;
    }
    const blocked = blockedReason(nextStep, input, commandBoxSending);
    if (blocked !== null) {
      setWarning(blocked);
      return;
    }

    setWarning(null);
    const sent = markSent(progress, next, nextStep, input?.replyCount ?? 0);
    if (sent.ownsMessage) {
      // Held before DATA goes out, so no typed line can slip in before the guide's content.
      store.holdCommands(sessionId, MESSAGE_HOLD);
    }
    setProgress(sent);
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
        placeholder="bob@example.net, carol@example.org"
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
      {plan.errors.length === 0 && plan.warnings.length === 0 ? null : (
        <ul className="test-message-problems" aria-label="Test message problems">
          {plan.errors.map((text) => (
            <li key={text} className="command-error">
              {text}
            </li>
          ))}
          {plan.warnings.map((text) => (
            <li key={text} className="command-hint">
              {text}
            </li>
          ))}
        </ul>
      )}
      <ol className="test-message-steps" aria-label="Test message steps">
        {steps.map((step, index) => {
          const result = progress.results[index];
          const state = stepState(progress, index);
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
      {progress.restartReason === null ? null : (
        <p aria-live="polite" className="command-hint">
          {progress.restartReason}
        </p>
      )}
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
