import { useEffect, useId, useRef, type ReactNode } from 'react';

import { PRESETS, type AddressFamily, type SecurityMode } from '../../../shared/presets';
import { advancedChanges, type TextField } from '../store/form-values';
import { useSessionStore, useStoreState } from '../store/store-context';

const SECURITY_OPTIONS: readonly { readonly value: SecurityMode; readonly label: string }[] = [
  { value: 'plain', label: 'Plain' },
  { value: 'tls', label: 'Implicit TLS' },
  { value: 'starttls', label: 'STARTTLS' },
];

const FAMILY_OPTIONS: readonly { readonly value: AddressFamily; readonly label: string }[] = [
  { value: 'auto', label: 'Auto' },
  { value: 'ipv4', label: 'IPv4' },
  { value: 'ipv6', label: 'IPv6' },
];

function isSecurityMode(value: string): value is SecurityMode {
  return SECURITY_OPTIONS.some((option) => option.value === value);
}

function isAddressFamily(value: string): value is AddressFamily {
  return FAMILY_OPTIONS.some((option) => option.value === value);
}

type FieldProps = Readonly<{
  label: string;
  hint?: string;
  /** The change the form made to the typed value, e.g. a port it moved into Port. */
  note?: string | null;
  error?: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined }) => ReactNode;
}>;

/** Renders a label, its control, and the hint and validation message that describe the control. */
function Field({ label, hint, note = null, error, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const noteId = `${id}-note`;
  const errorId = `${id}-error`;
  const describedBy = [
    hint === undefined ? null : hintId,
    note === null ? null : noteId,
    error === undefined ? null : errorId,
  ]
    .filter((value) => value !== null)
    .join(' ');

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children({ id, describedBy: describedBy === '' ? undefined : describedBy })}
        {hint === undefined ? null : (
          <p id={hintId} className="field-hint">
            {hint}
          </p>
        )}
        {note === null ? null : (
          <p id={noteId} className="field-note" aria-live="polite">
            {note}
          </p>
        )}
        {error === undefined ? null : (
          <p id={errorId} className="field-error">
            {error}
          </p>
        )}
      </div>
    </div>
  );
}

type TextInputProps = Readonly<{
  field: TextField;
  label: string;
  hint?: string;
  note?: string | null;
  placeholder?: string;
  inputMode?: 'numeric' | 'text';
  onBlur?: () => void;
}>;

function TextInput({
  field,
  label,
  hint,
  note = null,
  placeholder,
  inputMode = 'text',
  onBlur,
}: TextInputProps) {
  const store = useSessionStore();
  const value = useStoreState((state) => state.form[field]);
  const error = useStoreState((state) => state.formErrors[field]);

  return (
    <Field label={label} error={error} note={note} {...(hint === undefined ? {} : { hint })}>
      {({ id, describedBy }) => (
        <input
          id={id}
          type="text"
          inputMode={inputMode}
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          autoCapitalize="off"
          aria-invalid={error !== undefined}
          aria-describedby={describedBy}
          onChange={(event) => store.setFormField(field, event.target.value)}
          onBlur={onBlur}
        />
      )}
    </Field>
  );
}

const LEGACY_TLS_HINT =
  'For this connection only: accept TLS 1.0 and 1.1 and OpenSSL security level 0, which allows DH groups and keys under 2048 bits. An attacker on the network path may be able to break such a link, and any credentials you send go over it. The session is marked "legacy TLS allowed".';

const EHLO_HINT =
  'Sent with EHLO by SMTP sessions. Blank: the address this machine connects from, as a literal such as [192.0.2.10], for a machine without a domain name.';

/** Renders the checkbox that allows legacy TLS for the next connection, with its warning. */

function LegacyTlsCheckbox() {
  const store = useSessionStore();
  const legacyTls = useStoreState((state) => state.form.legacyTls);

  return (
    <Field label="Allow legacy TLS" hint={LEGACY_TLS_HINT}>
      {({ id, describedBy }) => (
        <input
          id={id}
          type="checkbox"
          className="field-checkbox"
          checked={legacyTls}
          aria-describedby={describedBy}
          onChange={(event) => store.setLegacyTls(event.target.checked)}
        />
      )}
    </Field>
  );
}

/** Renders the form that opens a session: where to connect, which protocol, and how to reach TLS. */
export function ConnectionForm() {
  const store = useSessionStore();
  const presetId = useStoreState((state) => state.form.presetId);
  const security = useStoreState((state) => state.form.security);
  const family = useStoreState((state) => state.form.family);
  const legacyTls = useStoreState((state) => state.form.legacyTls);
  const opening = useStoreState((state) => state.opening);
  const openError = useStoreState((state) => state.openError);
  const defaultsError = useStoreState((state) => state.defaultsError);
  const hostNote = useStoreState((state) => state.hostNote);
  const form = useStoreState((state) => state.form);
  const changes = advancedChanges(form);
  const changed = changes.length > 0;
  const advancedRef = useRef<HTMLDetailsElement>(null);

  // Values kept from the last connection open the section, so none goes unnoticed. The user may
  // still close it, and the summary then lists them.
  useEffect(() => {
    if (changed && advancedRef.current !== null) {
      advancedRef.current.open = true;
    }
  }, [changed]);

  return (
    <form
      className="connection-form"
      aria-labelledby="connection-form-title"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void store.submitForm();
      }}
    >
      <h2 id="connection-form-title">Connect to a mail server</h2>

      <TextInput
        field="host"
        label="Host"
        placeholder="mx.example.com or 192.0.2.25"
        note={hostNote}
        onBlur={() => store.normalizeHost()}
      />
      <TextInput field="port" label="Port" inputMode="numeric" />

      <Field
        label="Protocol"
        hint="Choosing one sets Port and Security, which you can still change."
      >
        {({ id, describedBy }) => (
          <select
            id={id}
            value={presetId}
            aria-describedby={describedBy}
            onChange={(event) => store.choosePreset(event.target.value)}
          >
            {PRESETS.map((preset) => (
              <option key={preset.id} value={preset.id}>
                {preset.label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <Field label="Security">
        {({ id }) => (
          <select
            id={id}
            value={security}
            onChange={(event) => {
              if (isSecurityMode(event.target.value)) store.setSecurity(event.target.value);
            }}
          >
            {SECURITY_OPTIONS.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        )}
      </Field>

      <TextInput
        field="ehloName"
        label="EHLO name"
        hint={
          defaultsError === null
            ? EHLO_HINT
            : `${EHLO_HINT} The default could not be loaded: ${defaultsError}`
        }
      />

      <details className="advanced" ref={advancedRef}>
        <summary>
          Advanced
          {changed ? <span className="advanced-changes"> · {changes.join(' · ')}</span> : null}
        </summary>
        <TextInput
          field="sni"
          label="SNI"
          hint="Server name sent in the TLS handshake. Blank: the host name."
        />
        <TextInput
          field="caFile"
          label="CA file"
          hint="PEM file of extra trust anchors, as a path on the machine that runs the Mailtap engine."
        />
        <Field label="Address family">
          {({ id }) => (
            <select
              id={id}
              value={family}
              onChange={(event) => {
                if (isAddressFamily(event.target.value)) store.setFamily(event.target.value);
              }}
            >
              {FAMILY_OPTIONS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          )}
        </Field>
        <LegacyTlsCheckbox />
      </details>

      {legacyTls ? (
        <p className="form-warning">
          Legacy TLS is allowed for this connection (Advanced): TLS 1.0 and weak DH groups are
          accepted, and the session is marked.
        </p>
      ) : null}

      {openError === null ? null : (
        <div role="alert" className="form-error">
          <strong>Could not open the session.</strong> {openError}
        </div>
      )}

      <div className="form-actions">
        <button type="submit" className="primary" disabled={opening} aria-busy={opening}>
          Connect
        </button>
        {opening ? <span className="form-progress">Opening the session…</span> : null}
      </div>
    </form>
  );
}
