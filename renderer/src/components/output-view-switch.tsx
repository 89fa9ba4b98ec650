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
          checked={timestamps}
          disabled={view === 'terminal'}
          onChange={(event) => tabs.set(sessionId, { timestamps: event.target.checked })}
        />
        Timestamps
      </label>
    </div>
  );
}
