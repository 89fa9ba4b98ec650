import { useState } from 'react';

import { equivalentCommands } from '../../../shared/command-line/copy-as-command';
import { useTabUi } from '../store/feature-context';
import { useStoreState } from '../store/store-context';
import { copyText } from '../ui/clipboard';
import type { SidebarPanelProps } from './panels';

/** Shows the openssl, swaks and curl commands that open the same connection, ready to copy. */
export function CommandLinePanel({ sessionId }: SidebarPanelProps) {
  const options = useStoreState((state) => state.sessionOptions.get(sessionId));
  const username = useTabUi(sessionId).authForm.username.trim();
  const [status, setStatus] = useState<string | null>(null);
  if (options === undefined) {
    return <p className="facts-empty">The options of this session are not known.</p>;
  }
  const settings = username === '' ? options : { ...options, username };

  return (
    <div className="command-line-panel">
      <p className="facts-empty">
        The same connection from a shell. No command contains a password.
      </p>
      {equivalentCommands(settings).map((entry) => (
        <section key={entry.tool} aria-label={entry.tool}>
          <h3>{entry.tool}</h3>
          {entry.command === null ? (
            <p className="facts-empty">{entry.reason}</p>
          ) : (
            <>
              <pre className="command-line">{entry.command}</pre>
              {entry.caveats.map((caveat) => (
                <p key={caveat} className="facts-warning">
                  {caveat}
                </p>
              ))}
              <button
                type="button"
                onClick={() =>
                  void copyText(entry.command).then((problem) =>
                    setStatus(problem ?? `Copied the ${entry.tool} command.`),
                  )
                }
              >
                Copy {entry.tool} command
              </button>
            </>
          )}
        </section>
      ))}
      {status === null ? null : (
        <p className="panel-status" aria-live="polite">
          {status}
        </p>
      )}
    </div>
  );
}
