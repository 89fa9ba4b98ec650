import type { AddressFamily, SecurityMode } from '../../../shared/presets';
import type { AppDefaults, SessionOptions } from '../../../shared/session';
import { loadFormValues, storeFormValues } from './form-storage';
import {
  INITIAL_FORM_VALUES,
  applyPreset,
  validateForm,
  type FormErrors,
  type FormValues,
  type TextField,
} from './form-values';
import { parseHostInput } from './host-input';
import type { StoreState } from './store-state';

/** Callbacks into the store that owns the connection form. */
export interface FormHost {
  getState(): StoreState;
  update(change: Partial<StoreState>): void;
}

function withoutErrors(errors: FormErrors, fields: readonly (keyof FormErrors)[]): FormErrors {
  return Object.fromEntries(
    Object.entries(errors).filter(([field]) => !fields.includes(field as keyof FormErrors)),
  );
}

/**
 * The connection form's values, validation messages and Host note. The values are kept in the
 * given storage (the tab's sessionStorage in the app), so a reload of the page restores them.
 */
export class ConnectionFormModel {
  readonly #host: FormHost;
  readonly #storage: Storage | null;
  /** The values to start with: those stored by an earlier load of the page, or the defaults. */
  readonly initialValues: FormValues;
  #ehloEdited: boolean;

  constructor(host: FormHost, storage: Storage | null) {
    this.#host = host;
    this.#storage = storage;
    const stored = loadFormValues(storage);
    this.initialValues = stored ?? INITIAL_FORM_VALUES;
    this.#ehloEdited = stored !== null && stored.ehloName !== '';
  }

  /** Sets a field and clears its validation message, which described the old value. */
  setField(field: TextField, value: string): void {
    if (field === 'ehloName') {
      this.#ehloEdited = true;
    }
    const state = this.#host.getState();
    this.#set({
      form: { ...state.form, [field]: value },
      formErrors: withoutErrors(state.formErrors, [field]),
      ...(field === 'host' ? { hostNote: null } : {}),
    });
  }

  /**
   * Reads the Host field as a person may have pasted it: a URL or `host:port`. The scheme goes,
   * the port moves into Port, and a note beside the field describes the change.
   */
  normalizeHost(): void {
    const state = this.#host.getState();
    const parsed = parseHostInput(state.form.host);
    if (parsed.notes.length === 0) {
      return;
    }
    this.#set({
      form: {
        ...state.form,
        host: parsed.host,
        ...(parsed.port === null ? {} : { port: parsed.port }),
      },
      hostNote: parsed.notes.join(' '),
      formErrors: withoutErrors(state.formErrors, ['host', 'port']),
    });
  }

  choosePreset(presetId: string): void {
    const state = this.#host.getState();
    this.#set({
      form: applyPreset(state.form, presetId),
      formErrors: withoutErrors(state.formErrors, ['port']),
    });
  }

  setSecurity(security: SecurityMode): void {
    this.#set({ form: { ...this.#host.getState().form, security } });
  }

  setFamily(family: AddressFamily): void {
    this.#set({ form: { ...this.#host.getState().form, family } });
  }

  setLegacyTls(legacyTls: boolean): void {
    this.#set({ form: { ...this.#host.getState().form, legacyTls } });
  }

  /** Replaces the values, e.g. with a saved connection to edit before connecting. */
  load(form: FormValues): void {
    this.#ehloEdited = true;
    this.#set({ form, formErrors: {}, hostNote: null, openError: null, view: 'form' });
  }

  /** Fills the EHLO name from the engine's defaults unless the user has typed one. */
  applyDefaults(defaults: AppDefaults): void {
    const form = this.#host.getState().form;
    this.#set({
      defaults,
      defaultsError: null,
      form: this.#ehloEdited ? form : { ...form, ehloName: defaults.ehloName },
    });
  }

  /** Reads the Host field, validates the form, and returns the options or null after showing why not. */
  validate(): SessionOptions | null {
    this.normalizeHost();
    const validation = validateForm(this.#host.getState().form);
    if (!validation.ok) {
      this.#set({ formErrors: validation.errors, openError: null });
      return null;
    }
    return validation.options;
  }

  #set(change: Partial<StoreState>): void {
    this.#host.update(change);
    if (change.form !== undefined) {
      storeFormValues(this.#storage, change.form);
    }
  }
}
