import { useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';

import type { SessionSnapshot } from '../../../shared/session';
import type { SendProgress } from '../store/store-state';
import { useSessionStore, useStoreState } from '../store/store-context';
import { isEngineLost } from '../ui/session-status';

function caretOnFirstLine(box: HTMLTextAreaElement): boolean {
  return (
    box.selectionStart === box.selectionEnd &&
    !box.value.slice(0, box.selectionStart).includes('\n')
  );
}

function caretOnLastLine(box: HTMLTextAreaElement): boolean {
  return (
    box.selectionStart === box.selectionEnd && !box.value.slice(box.selectionEnd).includes('\n')
  );
}

/** Returns why a closed session's box sends nothing and what to do, or null while it is open. */
function closedNotice(snapshot: SessionSnapshot | undefined): string | null {
  if (snapshot === undefined || snapshot.phase !== 'closed') {
    return null;
  }
  if (isEngineLost(snapshot)) {
    return 'The connection to the Mailtap engine was lost, so nothing can be sent. Copy any text you want to keep, then restart npm run serve and open the address it prints.';
  }
  return 'This session is closed, so nothing can be sent. Reconnect opens a new session with the same settings in this tab, and the text stays here.';
}

function describeProgress(progress: SendProgress): string {
  const format = new Intl.NumberFormat('en');
  return `Sending: ${format.format(progress.sentCount)} of ${format.format(progress.total)} lines sent.`;
}

/**
 * Renders the command box. Enter sends every line in it, in order, and Shift+Enter adds a line.
 * The up and down arrows browse sent lines when the caret is on the first or last line.
 */
export function CommandInput({ sessionId }: Readonly<{ sessionId: string }>) {
  const store = useSessionStore();
  const command = useStoreState((state) => state.commands.get(sessionId));
  const draft = command?.draft ?? '';
  const sending = command?.sending ?? false;
  const error = command?.error ?? null;
  const progress = command?.progress;
  const hold = command?.hold;
  const snapshot = useStoreState((state) =>
    state.sessions.find((session) => session.sessionId === sessionId),
  );
  const notice = closedNotice(snapshot);

  const id = useId();
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const moveCaretToEnd = useRef(false);

  useLayoutEffect(() => {
    const box = boxRef.current;
    if (moveCaretToEnd.current && box !== null) {
      moveCaretToEnd.current = false;
      box.setSelectionRange(box.value.length, box.value.length);
    }
  }, [draft]);

  const handleKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>): void => {
    // Enter that confirms an input method's composition is not a send.
    if (event.nativeEvent.isComposing) {
      return;
    }
    const box = event.currentTarget;
    const modified = event.altKey || event.ctrlKey || event.metaKey;

    if (event.key === 'Enter' && !event.shiftKey && !modified) {
      event.preventDefault();
      void store.sendCommand(sessionId);
    } else if (event.key === 'ArrowUp' && !modified && caretOnFirstLine(box)) {
      if (store.recallPrevious(sessionId)) {
        event.preventDefault();
        moveCaretToEnd.current = true;
      }
    } else if (event.key === 'ArrowDown' && !modified && caretOnLastLine(box)) {
      if (store.recallNext(sessionId)) {
        event.preventDefault();
        moveCaretToEnd.current = true;
      }
    }
  };

  return (
    <div className="command">
      <label htmlFor={id} className="command-label">
        Command
      </label>
      <textarea
        id={id}
        ref={boxRef}
        className="command-box"
        rows={1}
        autoFocus
        value={draft}
        readOnly={sending}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        aria-describedby={notice === null ? `${id}-hint` : `${id}-closed ${id}-hint`}
        onChange={(event) => store.setDraft(sessionId, event.target.value)}
        onKeyDown={handleKeyDown}
      />
      <button
        type="button"
        disabled={sending || notice !== null}
        onClick={() => void store.sendCommand(sessionId)}
      >
        Send
      </button>
      <p id={`${id}-hint`} className="command-hint">
        Enter sends each line with CRLF · Shift+Enter adds a line · ↑ ↓ recall sent lines
      </p>
      {notice === null ? null : (
        <p id={`${id}-closed`} className="command-notice">
          {notice}
        </p>
      )}
      {hold === undefined || hold === error ? null : <p className="command-notice">{hold}</p>}
      {progress === undefined ? null : (
        <p className="command-hint" aria-live="polite">
          {describeProgress(progress)}
        </p>
      )}
      {draft.trim() === '*' ? (
        <p className="command-hint">
          A lone * cancels the authentication exchange (AUTH or AUTHENTICATE) that the server is
          waiting on; the server then replies with an error.
        </p>
      ) : null}
      {error === null ? null : (
        <p role="alert" className="command-error">
          {error}
        </p>
      )}
    </div>
  );
}
