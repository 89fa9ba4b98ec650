import { useEffect, useRef } from 'react';

import { useTerminals } from '../store/store-context';

/**
 * Shows a session's terminal. The terminal outlives this component: mounting attaches it and
 * unmounting detaches it, so output keeps arriving while another session is on screen.
 */
export function TerminalPane({ sessionId }: Readonly<{ sessionId: string }>) {
  const terminals = useTerminals();
  const containerRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const view = terminals.sinkOf(sessionId);
    const container = containerRef.current;
    if (view === undefined || container === null) {
      return undefined;
    }
    const detach = view.attach(container);
    view.scrollToBottom();
    return detach;
  }, [terminals, sessionId]);

  return (
    <div className="terminal-pane" ref={containerRef} aria-label="Session output" role="region" />
  );
}
