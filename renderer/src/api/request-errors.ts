import type { RequestChannel } from '../../../shared/ipc/contract';
import {
  describeError,
  isErrorCode,
  type ErrorCode,
  type MailtapError,
} from '../../../shared/errors';

/** A request that the engine rejected with an error from the catalog. */
export class MailtapRequestError extends Error {
  override readonly name = 'MailtapRequestError';
  readonly channel: RequestChannel;
  readonly mailtapError: MailtapError;

  constructor(channel: RequestChannel, error: MailtapError) {
    super(describeError(error));
    this.channel = channel;
    this.mailtapError = error;
  }

  get code(): ErrorCode {
    return this.mailtapError.code;
  }
}

/** The link to the engine is down, so a request could not be sent or got no response. */
export class EngineConnectionError extends Error {
  override readonly name = 'EngineConnectionError';
}

export function isMailtapError(value: unknown): value is MailtapError {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return (
    isErrorCode(record.code) &&
    typeof record.message === 'string' &&
    typeof record.context === 'object' &&
    record.context !== null
  );
}

/**
 * Returns the catalog error behind a rejected request, or null when there is none. It accepts
 * this module's MailtapRequestError, any error with a `mailtapError` property, and a bare
 * MailtapError, so that the Electron preload may reject in any of these forms.
 */
export function mailtapErrorOf(reason: unknown): MailtapError | null {
  if (reason instanceof MailtapRequestError) {
    return reason.mailtapError;
  }
  if (typeof reason === 'object' && reason !== null && 'mailtapError' in reason) {
    const inner = reason.mailtapError;
    return isMailtapError(inner) ? inner : null;
  }
  return isMailtapError(reason) ? reason : null;
}

/** Formats why a request failed as one line for the UI. */
export function describeFailure(reason: unknown): string {
  const error = mailtapErrorOf(reason);
  if (error !== null) {
    return describeError(error);
  }
  if (reason instanceof Error) {
    return reason.message;
  }
  return `Unexpected failure: ${String(reason)}`;
}
