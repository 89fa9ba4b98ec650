import { useId, useLayoutEffect, useRef, type KeyboardEvent } from 'react';

import { useSessionStore, useStoreState } from '../store/store-context';

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
        aria-describedby={`${id}-hint`}
        onChange={(event) => store.setDraft(sessionId, event.target.value)}
        onKeyDown={handleKeyDown}
      />
      <button type="button" disabled={sending} onClick={() => void store.sendCommand(sessionId)}>
        Send
      </button>
      <p id={`${id}-hint`} className="command-hint">
        Enter sends each line with CRLF · Shift+Enter adds a line · ↑ ↓ recall sent lines
      </p>
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
