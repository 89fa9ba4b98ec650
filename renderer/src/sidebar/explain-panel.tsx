import { explainServerLine } from '../../../shared/explain/explain-line';
import { explainedLines, useExplainedLine } from '../explain/explained-lines';
import { ExplanationView } from '../explain/explanation-view';
import { useStoreState } from '../store/store-context';
import type { SidebarPanelProps } from './panels';

/** Explains the server line under the pointer, or the one the user clicked or selected. */
export function ExplainPanel({ sessionId }: SidebarPanelProps) {
  const protocol = useStoreState(
    (state) => state.sessions.find((session) => session.sessionId === sessionId)?.protocol,
  );
  const line = useExplainedLine(sessionId);
  if (protocol === undefined) {
    return null;
  }
  if (line === undefined) {
    return (
      <p className="facts-empty">
        Point at a server line (S:) in the terminal, or click or select it, to see what it means.
      </p>
    );
  }
  const explanation = explainServerLine(protocol, line.text);

  return (
    <div className="explain">
      <p className="explain-line">
        <code>{line.text}</code>
      </p>
      {line.pinned ? (
        <button type="button" onClick={() => explainedLines.unpin(sessionId)}>
          Follow the pointer again
        </button>
      ) : null}
      {explanation === null ? (
        <p className="facts-empty">
          This line is no reply with a status, for example message data or part of a multi-line
          reply&apos;s text.
        </p>
      ) : (
        <ExplanationView explanation={explanation} />
      )}
    </div>
  );
}
