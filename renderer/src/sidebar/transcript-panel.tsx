import { useId, useState } from 'react';

import type { TranscriptExportOptions, TranscriptFormat } from '../../../shared/transcript';
import { describeFailure } from '../api/request-errors';
import { useFeatures, useTabUi } from '../store/feature-context';
import { copyText } from '../ui/clipboard';
import type { SidebarPanelProps } from './panels';

const FORMATS: readonly { readonly value: TranscriptFormat; readonly label: string }[] = [
  { value: 'text', label: 'Text (c:/s: lines)' },
  { value: 'json', label: 'JSON (exact bytes)' },
  { value: 'html', label: 'HTML page' },
];

/**
 * Exports the transcript. Credentials are masked unless the user turned on keeping before
 * sending them and then chose to include them. Both steps show a warning.
 */
export function TranscriptPanel({ sessionId }: SidebarPanelProps) {
  const { api, tabs } = useFeatures();
  const keeping = useTabUi(sessionId).keepingCredentials;
  const [format, setFormat] = useState<TranscriptFormat>('text');
  const [timestamps, setTimestamps] = useState(false);
  const [include, setInclude] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  const id = useId();

  const options = (): TranscriptExportOptions => ({
    format,
    timestamps,
    credentials: include ? 'included' : 'masked',
  });

  const changeKeeping = async (keep: boolean): Promise<void> => {
    try {
      const { keeping: kept } = await api.keepCredentials(sessionId, keep);
      tabs.set(sessionId, { keepingCredentials: kept });
      if (!keep) {
        setInclude(false);
      }
    } catch (reason) {
      setStatus(describeFailure(reason));
    }
  };

  const save = async (): Promise<void> => {
    try {
      const file = await api.exportTranscript(sessionId, options());
      const outcome = await api.saveFile(file);
      const warning =
        file.credentialCount > 0
          ? ` It contains ${file.credentialCount} credential line(s) in clear text.`
          : '';
      setStatus(outcome.saved ? `Saved to ${outcome.location}.${warning}` : 'Not saved.');
    } catch (reason) {
      setStatus(describeFailure(reason));
    }
  };

  const copy = async (): Promise<void> => {
    try {
      const file = await api.exportTranscript(sessionId, { ...options(), format: 'text' });
      setStatus((await copyText(file.content)) ?? 'Copied the transcript as text.');
    } catch (reason) {
      setStatus(describeFailure(reason));
    }
  };

  return (
    <div className="transcript-panel">
      <h3>Export transcript</h3>
      <div className="field">
        <label htmlFor={`${id}-format`}>Format</label>
        <select
          id={`${id}-format`}
          value={format}
          onChange={(event) => setFormat(event.target.value as TranscriptFormat)}
        >
          {FORMATS.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      </div>
      <label>
        <input
          type="checkbox"
          checked={timestamps}
          onChange={(event) => setTimestamps(event.target.checked)}
        />
        Timestamps (UTC)
      </label>

      <h3>Credentials</h3>
      <p className="facts-empty">
        Passwords, AUTH data and LOGIN arguments are masked as ******** in the terminal and in every
        export.
      </p>
      <label>
        <input
          type="checkbox"
          checked={keeping}
          onChange={(event) => void changeKeeping(event.target.checked)}
        />
        Keep credentials I send from now on, for an unmasked export
      </label>
      {keeping ? (
        <p className="facts-warning" role="note">
          Credentials sent from now on stay in this session&apos;s memory until the tab is closed.
          Earlier ones were never stored and stay masked.
        </p>
      ) : null}
      <label>
        <input
          type="checkbox"
          checked={include}
          disabled={!keeping}
          onChange={(event) => setInclude(event.target.checked)}
        />
        Include kept credentials in the export
      </label>
      {include ? (
        <p className="facts-warning" role="alert">
          The export will contain passwords in clear text. Do not attach it to a ticket.
        </p>
      ) : null}

      <div className="panel-actions">
        <button type="button" onClick={() => void save()}>
          Save transcript
        </button>
        <button type="button" onClick={() => void copy()}>
          Copy as text
        </button>
      </div>
      {status === null ? null : (
        <p className="panel-status" aria-live="polite">
          {status}
        </p>
      )}
    </div>
  );
}
