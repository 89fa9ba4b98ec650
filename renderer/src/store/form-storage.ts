import { findPreset } from '../../../shared/presets';
import { INITIAL_FORM_VALUES, type FormValues } from './form-values';

/** sessionStorage key of the connection form, so a reload of the page keeps what was typed. */
export const FORM_STORAGE_KEY = 'mailtap.connectionForm';

/** Field names that are never written to storage, whatever field a later form adds. */
const SECRET_FIELD = /password|secret|token/i;

const CHOICES: Readonly<Partial<Record<keyof FormValues, readonly string[]>>> = {
  security: ['plain', 'tls', 'starttls'],
  family: ['auto', 'ipv4', 'ipv6'],
};

/** Fields a reload must not bring back: lowering TLS security is chosen again each time. */
const NOT_RESTORED: ReadonlySet<string> = new Set(['legacyTls']);

function isStorable(key: string): boolean {
  return !SECRET_FIELD.test(key) && !NOT_RESTORED.has(key);
}

/** Writes the form's values, without any secret field, to `storage`. Failures are ignored. */
export function storeFormValues(storage: Storage | null, values: FormValues): void {
  const kept = Object.fromEntries(Object.entries(values).filter(([key]) => isStorable(key)));
  try {
    storage?.setItem(FORM_STORAGE_KEY, JSON.stringify(kept));
  } catch {
    // Full or disabled storage only costs the values after a reload.
  }
}

/**
 * Reads the form's values from `storage`, or null when there are none. Each field must have the
 * type of its initial value and, for choices, a known value; anything else keeps its default.
 */
export function loadFormValues(storage: Storage | null): FormValues | null {
  let parsed: unknown;
  try {
    const text = storage?.getItem(FORM_STORAGE_KEY) ?? null;
    if (text === null) {
      return null;
    }
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return null;
  }

  const stored = parsed as Record<string, unknown>;
  const values: Record<string, unknown> = { ...INITIAL_FORM_VALUES };
  for (const [key, initial] of Object.entries(INITIAL_FORM_VALUES)) {
    const value = stored[key];
    if (!isStorable(key) || typeof value !== typeof initial) {
      continue;
    }
    const choices = CHOICES[key as keyof FormValues];
    if (choices !== undefined && !choices.includes(value as string)) {
      continue;
    }
    if (key === 'presetId' && findPreset(value as string) === undefined) {
      continue;
    }
    values[key] = value;
  }
  return values as unknown as FormValues;
}
