import { useEffect, useId, useRef, useState } from 'react';

import type { SavedConnection } from '../../../shared/connections/connection-types';
import { connectionFromOptions, formValuesOf, sessionOptionsOf } from '../store/connections-store';
import { useConnections, useFeatures } from '../store/feature-context';
import { validateForm } from '../store/form-values';
import { useSessionStore, useStoreState } from '../store/store-context';
import { tabUiOpenedFrom } from '../sidebar/saved-password';

/** Saves the form as a named connection, with a user name and, where safe, a password. */
function SaveForm() {
  const { connections } = useFeatures();
  const state = useConnections();
  const form = useStoreState((current) => current.form);
  const [name, setName] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const id = useId();
  const storage = state.list?.passwordStorage;

  const save = async (): Promise<void> => {
    const validation = validateForm(form);
    if (!validation.ok) {
      setProblem('Fix the connection form first: the connection is saved from its values.');
      return;
    }
    if (name.trim() === '') {
      setProblem('Enter a name for the connection.');
      return;
    }
    setProblem(null);
    const input = connectionFromOptions(name.trim(), validation.options, username.trim());
    const saved = await connections.save(password === '' ? input : { ...input, password });
    if (saved) {
      // The form starts over for the next connection; the saved one keeps its user name.
      setName('');
      setUsername('');
      setPassword('');
    }
  };

  return (
    <div className="saved-connection-form">
      <div className="field">
        <label htmlFor={`${id}-name`}>Connection name</label>
        <input id={`${id}-name`} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-user`}>User name (optional)</label>
        <input
          id={`${id}-user`}
          value={username}
          autoComplete="off"
          onChange={(event) => setUsername(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password (optional)</label>
        <input
          id={`${id}-password`}
          type="password"
          value={password}
          autoComplete="off"
          disabled={storage?.available !== true}
          aria-describedby={`${id}-password-hint`}
          onChange={(event) => setPassword(event.target.value)}
        />
        <p id={`${id}-password-hint`} className="field-hint">
          {storage === undefined
            ? ''
            : storage.available
              ? `Stored encrypted with the system keyring (${storage.backend}).`
              : storage.detail}
        </p>
      </div>
      <button
        type="button"
        disabled={state.busy || state.list?.writable === false}
        onClick={() => void save()}
      >
        Save settings
      </button>
      {problem === null ? null : <p className="field-error">{problem}</p>}
    </div>
  );
}

function ConnectionRow({ connection }: Readonly<{ connection: SavedConnection }>) {
  const store = useSessionStore();
  const { connections, tabs } = useFeatures();
  const form = useStoreState((state) => state.form);
  const writable = useConnections().list?.writable ?? false;
  const where = `${connection.protocol.toUpperCase()} ${connection.host}:${connection.port} · ${connection.security}`;

  const open = async (): Promise<void> => {
    const sessionId = await store.openWith(sessionOptionsOf(connection));
    if (sessionId !== null) {
      tabs.set(sessionId, tabUiOpenedFrom(connection, tabs.get(sessionId)));
    }
  };

  return (
    <li className="saved-connection">
      <div>
        <span className="saved-connection-name">{connection.name}</span>
        <span className="saved-connection-where">
          {where}
          {connection.username === undefined ? '' : ` · ${connection.username}`}
          {connection.hasPassword ? ' · password stored' : ''}
        </span>
      </div>
      <div className="saved-connection-actions">
        <button type="button" aria-label={`Open ${connection.name}`} onClick={() => void open()}>
          Open
        </button>
        <button
          type="button"
          aria-label={`Edit ${connection.name}`}
          onClick={() => store.loadForm(formValuesOf(connection, form))}
        >
          Edit
        </button>
        <button
          type="button"
          aria-label={`Delete ${connection.name}`}
          disabled={!writable}
          onClick={() => {
            if (window.confirm(`Delete the saved connection "${connection.name}"?`)) {
              void connections.delete(connection);
            }
          }}
        >
          Delete
        </button>
      </div>
    </li>
  );
}

/** Lists the saved connections to open in a new tab or load into the form, and imports and exports them. */
export function SavedConnections() {
  const { connections } = useFeatures();
  const state = useConnections();
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void connections.load();
  }, [connections]);

  const importFile = async (file: File | undefined): Promise<void> => {
    if (file !== undefined) {
      await connections.importText(await file.text());
    }
    if (fileInput.current !== null) {
      fileInput.current.value = '';
    }
  };

  const list = state.list;
  return (
    <section className="saved-connections" aria-labelledby="saved-connections-title">
      <h2 id="saved-connections-title">Saved connections</h2>
      {list?.problem == null ? null : (
        <p role="alert" className="facts-warning">
          {list.problem}
        </p>
      )}
      {state.error === null ? null : (
        <p role="alert" className="field-error">
          {state.error}
        </p>
      )}
      {state.message === null ? null : (
        <p className="panel-status" aria-live="polite">
          {state.message}
        </p>
      )}
      {list === null || list.connections.length === 0 ? (
        <p className="facts-empty">No saved connections yet.</p>
      ) : (
        <ul className="saved-connection-list">
          {list.connections.map((connection) => (
            <ConnectionRow key={connection.id} connection={connection} />
          ))}
        </ul>
      )}
      <SaveForm />
      <div className="panel-actions">
        <button type="button" onClick={() => void connections.exportAll()}>
          Export list
        </button>
        <label className="button-like">
          Load list from file
          <input
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            className="visually-hidden"
            onChange={(event) => void importFile(event.target.files?.[0])}
          />
        </label>
      </div>
      {list === null ? null : (
        <p className="field-hint">Stored in {list.file}. Exports never contain passwords.</p>
      )}
    </section>
  );
}
