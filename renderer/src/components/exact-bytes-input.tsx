import { useId, useState } from 'react';

import { parseByteEscapes } from '../../../shared/bytes/byte-escapes';
import { describeError } from '../../../shared/errors';
import { describeFailure } from '../api/request-errors';
import { useFeatures, useTabUi } from '../store/feature-context';
import { useStoreState } from '../store/store-context';

/**
 * "Send exact bytes": the text is turned into bytes with the escapes `\r`, `\n`, `\t`, `\0`,
 * `\\` and `\xHH`, and sent with nothing added, for testing how a server treats bare LF, NUL
 * or a missing line ending.
 */
export function ExactBytesInput({ sessionId }: Readonly<{ sessionId: string }>) {
  const { api, tabs } = useFeatures();
  const { exactDraft } = useTabUi(sessionId);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const id = useId();
  const parsed = parseByteEscapes(exactDraft);
  const closed = useStoreState(
    (state) =>
      state.sessions.find((session) => session.sessionId === sessionId)?.phase === 'closed',
  );

  const hold = useStoreState((state) => state.commands.get(sessionId)?.hold);

  const send = async (): Promise<void> => {
    if (!parsed.ok || parsed.bytes.length === 0 || closed) {
      return;
    }
    if (hold !== undefined) {
      setError(hold);
      return;
    }
    setSending(true);
    try {
      const result = await api.sendBytes(sessionId, parsed.bytes);
      setError(result.sent ? null : describeError(result.error));
      if (result.sent) {
        tabs.set(sessionId, { exactDraft: '' });
      }
    } catch (reason) {
      setError(describeFailure(reason));
    } finally {
      setSending(false);
    }
  };

  const summary = parsed.ok ? `${parsed.bytes.length} byte(s), nothing appended` : parsed.problem;

  return (
    <div className="exact-bytes">
      <label htmlFor={id} className="command-label">
        Send exact bytes
      </label>
      <input
        id={id}
        className="exact-bytes-box"
        value={exactDraft}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        aria-invalid={!parsed.ok}
        onChange={(event) => tabs.set(sessionId, { exactDraft: event.target.value })}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void send();
          }
        }}
      />
      <button
        type="button"
        disabled={sending || closed || !parsed.ok || exactDraft === ''}
        onClick={() => void send()}
      >
        Send bytes
      </button>
      <p id={`${id}-hint`} className={parsed.ok ? 'command-hint' : 'command-error'}>
        No CRLF is added. Escapes: \r CR, \n LF, \t TAB, \0 NUL, \\ backslash, \xHH any byte.{' '}
        {exactDraft === '' ? '' : summary}
      </p>
      {error === null ? null : (
        <p role="alert" className="command-error">
          {error}
        </p>
      )}
    </div>
  );
}
