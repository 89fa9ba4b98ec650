import { useEffect, useRef, useState } from 'react';

import { explainServerLine } from '../../../shared/explain/explain-line';
import { explainedLines } from '../explain/explained-lines';
import { useStoreState, useTerminals } from '../store/store-context';

/** Offset of the tooltip from the pointer, in pixels, so it does not cover the line. */
const TOOLTIP_OFFSET_PX = 14;

interface Tooltip {
  readonly text: string;
  readonly x: number;
  readonly y: number;
}

/**
 * Shows a session's terminal. The terminal outlives this component: mounting attaches it and
 * unmounting detaches it, so output keeps arriving while another session is on screen. Pointing
 * at a server line shows its meaning in a tooltip and in the Explain panel.
 */
export function TerminalPane({ sessionId }: Readonly<{ sessionId: string }>) {
  const terminals = useTerminals();
  const containerRef = useRef<HTMLDivElement>(null);
  const protocol = useStoreState(
    (state) => state.sessions.find((session) => session.sessionId === sessionId)?.protocol,
  );
  const [tooltip, setTooltip] = useState<Tooltip | null>(null);

  useEffect(() => {
    const view = terminals.sinkOf(sessionId);
    const container = containerRef.current;
    if (view === undefined || container === null) {
      return undefined;
    }
    const detach = view.attach(container);
    view.scrollToBottom();
    const stopWatching = view.onServerLine((event) => {
      if (event.kind === 'leave') {
        setTooltip(null);
        return;
      }
      if (event.kind === 'select') {
        explainedLines.pin(sessionId, event.line);
        return;
      }
      explainedLines.hover(sessionId, event.line);
      const summary =
        protocol === undefined ? null : explainServerLine(protocol, event.line)?.summary;
      const bounds = container.getBoundingClientRect();
      setTooltip(
        summary === null || summary === undefined
          ? null
          : {
              text: summary,
              x: event.clientX - bounds.left + TOOLTIP_OFFSET_PX,
              y: event.clientY - bounds.top + TOOLTIP_OFFSET_PX,
            },
      );
    });
    // Escape leaves the output for the command box below it, where input is typed.
    const stopEscape = view.onEscape(() => {
      container.closest('.session-main')?.querySelector<HTMLElement>('.command-box')?.focus();
    });
    return () => {
      stopEscape();
      stopWatching();
      detach();
    };
  }, [terminals, sessionId, protocol]);

  return (
    <div className="terminal-pane" aria-label="Session output" role="region">
      {/* xterm's element is moved in and out of this slot outside React, so React owns no child of it. */}
      <div className="terminal-slot" ref={containerRef} />
      {tooltip === null ? null : (
        <div role="tooltip" className="reply-tooltip" style={{ left: tooltip.x, top: tooltip.y }}>
          {tooltip.text}
        </div>
      )}
    </div>
  );
}
