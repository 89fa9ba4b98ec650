import { useId, useState } from 'react';

import { useConnections, useFeatures, useTabUi } from '../store/feature-context';
import { useSessionStore, useStoreState } from '../store/store-context';
import {
  buildAuthStart,
  fieldsFor,
  methodChoices,
  nextTag,
  previewAuth,
  type AuthFormValues,
} from './auth-methods';
import { AuthProgressView } from './auth-progress';
import { CopyButton } from './copy-button';
import { CramMd5Calculator } from './cram-md5-calculator';
import type { SidebarPanelProps } from './panels';
import { savedPasswordOffer } from './saved-password';

type TextFieldProps = Readonly<{
  id: string;
  label: string;
  value: string;
  placeholder?: string;
  onChange: (value: string) => void;
}>;

/** Renders one labelled text box of the helper, with spelling and completion aids off. */
function TextField({ id, label, value, placeholder, onChange }: TextFieldProps) {
  return (
    <div className="auth-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        autoCapitalize="off"
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

/**
 * Renders the auth helper. The user picks a method and enters the credentials, sees the exact
 * lines with the secret masked, copies the base64, and presses Insert to let the engine run the
 * exchange in the live session.
 */
export function AuthPanel({ sessionId }: SidebarPanelProps) {
  const store = useSessionStore();
  const snapshot = useStoreState((state) =>
    state.sessions.find((session) => session.sessionId === sessionId),
  );
  // The fields live in the tab's view state, so they survive a switch to another sidebar tab or
  // session; the secret does not.
  const { tabs } = useFeatures();
  const tabUi = useTabUi(sessionId);
  const values = tabUi.authForm;
  const savedPassword = savedPasswordOffer(useConnections().list, tabUi.savedConnectionId);
  // The secret lives only in this state and in an uncontrolled input, so React never writes it
  // into a `value` attribute of the page.
  const [secret, setSecret] = useState('');
  const [plaintextConfirmed, setPlaintextConfirmed] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  if (snapshot === undefined) {
    return null;
  }
  const choices = methodChoices(snapshot.protocol);
  if (choices.length === 0) {
    return (
      <p className="facts-empty">A raw session has no login command; choose SMTP, IMAP or POP3.</p>
    );
  }

  const choice = choices.find((item) => item.id === values.choiceId) ?? choices[0]!;
  const fields = fieldsFor(snapshot.protocol, choice);
  // A stored password is offered for password logins only, because a token is always typed.
  const offersSaved = savedPassword !== null && !fields.token;
  const usesSaved = offersSaved && values.useSavedPassword;
  const request = buildAuthStart(
    values,
    secret,
    choice,
    fields,
    usesSaved ? savedPassword.id : null,
  );
  const plan = previewAuth(request, {
    protocol: snapshot.protocol === 'raw' ? 'smtp' : snapshot.protocol,
    host: snapshot.host,
    port: snapshot.port,
    keywords: snapshot.capabilities?.keywords ?? null,
    underTls: snapshot.tls !== null,
  });
  const running = snapshot.auth?.state === 'running';
  const needsConfirmation = snapshot.tls === null && !plaintextConfirmed;
  const canInsert =
    plan.ok && !running && !sending && !needsConfirmation && snapshot.phase === 'ready';

  const update = (change: Partial<AuthFormValues>): void =>
    tabs.set(sessionId, { authForm: { ...tabs.get(sessionId).authForm, ...change } });

  const insert = async (): Promise<void> => {
    setSending(true);
    const failure = await store.startAuth(sessionId, request);
    setSending(false);
    setError(failure);
    if (failure === null && fields.tag) {
      update({ tag: nextTag(values.tag) });
    }
  };

  return (
    <form
      className="auth-panel"
      aria-label="Auth helper"
      onSubmit={(event) => event.preventDefault()}
    >
      <div className="auth-field">
        <label htmlFor={`${id}-method`}>Method</label>
        <select
          id={`${id}-method`}
          value={choice.id}
          onChange={(event) => {
            // With a stored password on offer the password box may hide and return empty.
            if (savedPassword !== null) {
              setSecret('');
            }
            update({ choiceId: event.target.value });
          }}
        >
          {choices.map((item) => (
            <option key={item.id} value={item.id}>
              {item.label}
            </option>
          ))}
        </select>
      </div>
      {fields.tag ? (
        <TextField
          id={`${id}-tag`}
          label="Tag"
          value={values.tag}
          onChange={(tag) => update({ tag })}
        />
      ) : null}
      {fields.authzid ? (
        <TextField
          id={`${id}-authzid`}
          label="Authorization identity"
          value={values.authzid}
          placeholder="usually empty"
          onChange={(authzid) => update({ authzid })}
        />
      ) : null}
      <TextField
        id={`${id}-user`}
        label="User name"
        value={values.username}
        onChange={(username) => update({ username })}
      />
      {offersSaved ? (
        <label className="auth-check">
          <input
            type="checkbox"
            checked={values.useSavedPassword}
            onChange={(event) => {
              // The password box comes back empty, so no earlier typed secret may stay behind it.
              setSecret('');
              update({ useSavedPassword: event.target.checked });
            }}
          />
          Use the saved password of "{savedPassword.name}"
        </label>
      ) : null}
      {usesSaved ? null : (
        <div className="auth-field">
          <label htmlFor={`${id}-secret`}>{fields.token ? 'Access token' : 'Password'}</label>
          <input
            id={`${id}-secret`}
            type="password"
            autoComplete="off"
            onChange={(event) => setSecret(event.target.value)}
          />
        </div>
      )}
      {fields.loginCharset ? (
        <div className="auth-field">
          <label htmlFor={`${id}-charset`}>LOGIN charset</label>
          <select
            id={`${id}-charset`}
            value={values.loginCharset}
            onChange={(event) =>
              update({ loginCharset: event.target.value === 'latin1' ? 'latin1' : 'utf-8' })
            }
          >
            <option value="utf-8">UTF-8 (most servers)</option>
            <option value="latin1">Latin-1 (some older servers)</option>
          </select>
        </div>
      ) : null}
      {fields.initialResponse ? (
        <label className="auth-check">
          <input
            type="checkbox"
            checked={values.initialResponse}
            onChange={(event) => update({ initialResponse: event.target.checked })}
          />
          Send initial response
        </label>
      ) : null}

      {plan.warnings.length === 0 ? null : (
        <ul className="auth-warnings" aria-label="Warnings">
          {plan.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}

      <h3>Will send</h3>
      {plan.ok ? (
        <ol className="auth-plan" aria-label="Lines to send">
          {plan.lines.map((line, index) => (
            <li key={index}>
              <code className="auth-line">
                {line.display === '' ? '(empty line)' : line.display}
              </code>
              {line.when === '' ? null : <span className="auth-when">{line.when}</span>}
            </li>
          ))}
        </ol>
      ) : (
        <p role="alert" className="auth-error">
          {plan.problem}
        </p>
      )}
      {plan.ok && plan.copyValues.length > 0 ? (
        <div className="auth-row">
          {plan.copyValues.map((value) => (
            <CopyButton key={value.label} label={`${value.label} (base64)`} value={value.base64} />
          ))}
        </div>
      ) : null}

      {snapshot.tls === null ? (
        <label className="auth-check auth-confirm">
          <input
            type="checkbox"
            checked={plaintextConfirmed}
            onChange={(event) => setPlaintextConfirmed(event.target.checked)}
          />
          Send without TLS anyway
        </label>
      ) : null}
      <div className="auth-row">
        <button type="button" disabled={!canInsert} onClick={() => void insert()}>
          Insert
        </button>
        <span className="auth-when">
          {running
            ? 'The exchange is running; typed lines wait.'
            : 'The engine answers each challenge as it arrives.'}
        </span>
      </div>
      {error === null ? null : (
        <p role="alert" className="auth-error">
          {error}
        </p>
      )}

      {snapshot.auth === null ? null : (
        <AuthProgressView
          progress={snapshot.auth}
          onStop={() => void store.stopAuth(snapshot.sessionId)}
        />
      )}
      {choice.mechanism === 'CRAM-MD5' && choice.method === 'sasl' ? (
        <CramMd5Calculator
          username={values.username}
          secret={usesSaved ? null : secret}
          lastChallenge={snapshot.auth?.lastChallenge?.base64 ?? null}
        />
      ) : null}
    </form>
  );
}
