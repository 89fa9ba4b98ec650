import { useId } from 'react';

import { useFeatures, useTabUi } from '../store/feature-context';
import type { OutputView } from '../store/tab-ui-store';

const VIEWS: readonly { readonly value: OutputView; readonly label: string }[] = [
  { value: 'terminal', label: 'Terminal' },
  { value: 'transcript', label: 'Transcript' },
  { value: 'bytes', label: 'Bytes' },
  { value: 'hex', label: 'Hex' },
];

/** Switches a tab between the live terminal and the views built from its transcript. */
export function OutputViewSwitch({ sessionId }: Readonly<{ sessionId: string }>) {
  const { tabs } = useFeatures();
  const { view, timestamps } = useTabUi(sessionId);
  const name = useId();
  const hintId = `${name}-timestamps-hint`;
  // The terminal has no timestamps, so the box shows unticked there and keeps the choice for
  // the other views.
  const inTerminal = view === 'terminal';

  return (
    <div className="output-view-switch">
      <fieldset>
        <legend>View</legend>
        {VIEWS.map((option) => (
          <label key={option.value}>
            <input
              type="radio"
              name={name}
              value={option.value}
              checked={view === option.value}
              onChange={() => tabs.set(sessionId, { view: option.value })}
            />
            {option.label}
          </label>
        ))}
      </fieldset>
      <label title="UTC times in the transcript, bytes and hex views">
        <input
          type="checkbox"
          checked={timestamps && !inTerminal}
          disabled={inTerminal}
          aria-describedby={inTerminal ? hintId : undefined}
          onChange={(event) => tabs.set(sessionId, { timestamps: event.target.checked })}
        />
        Timestamps
      </label>
      {inTerminal ? (
        <>
          {/* Short, so the row does not wrap and take terminal rows in a small window. */}
          <span className="output-view-hint" aria-hidden="true">
            not in Terminal view
          </span>
          <span id={hintId} className="visually-hidden">
            Timestamps show in the Transcript, Bytes and Hex views.
          </span>
        </>
      ) : null}
    </div>
  );
}
