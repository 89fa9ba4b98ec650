import type { ConnectionInput } from '../connections/connection-types';
import { connectionProblem } from '../connections/connections-file';
import type { TranscriptExportOptions } from '../transcript';
import type { RequestChannel } from './contract';
import {
  asRecord,
  InvalidField,
  parseSessionId,
  requireChoice,
  requireInteger,
  requireString,
} from './validate';

/** Most bytes one exact send may carry, the same as the longest line. */
export const MAX_EXACT_BYTES = 1024 * 1024;
/** Largest transcript page a request may ask for; larger pages would stall the link. */
export const MAX_TRANSCRIPT_PAGE_BYTES = 4 * 1024 * 1024;
/** A saved file is a transcript export: the transcript cap plus room for escaping and markup. */
export const MAX_SAVED_FILE_LENGTH = 512 * 1024 * 1024;
export const MAX_FILE_NAME_LENGTH = 255;
/** A connections file of the maximum number of connections fits easily. */
export const MAX_IMPORT_LENGTH = 4 * 1024 * 1024;
/** Maximum length of a password to store, far above what mail servers accept. */
export const MAX_PASSWORD_LENGTH = 4096;
/** Maximum length of a saved connection id, the same cap that the connections file applies. */
export const MAX_CONNECTION_ID_LENGTH = 64;

function requireBoolean(record: Record<string, unknown>, key: string): boolean {
  const value = record[key];
  if (typeof value !== 'boolean') {
    throw new InvalidField(key, 'must be true or false');
  }
  return value;
}

function parseExportOptions(value: unknown): TranscriptExportOptions {
  const record = asRecord(value, 'options');
  return {
    format: requireChoice(record, 'format', ['text', 'json', 'html'] as const),
    timestamps: requireBoolean(record, 'timestamps'),
    credentials: requireChoice(record, 'credentials', ['masked', 'included'] as const),
  };
}

function parseConnectionInput(value: unknown): ConnectionInput {
  const record = asRecord(value, 'connection');
  const problem = connectionProblem(record);
  if (problem !== null) {
    throw new InvalidField('connection', problem);
  }
  const id =
    record['id'] === undefined ? undefined : requireString(record, 'id', MAX_CONNECTION_ID_LENGTH);
  const password = record['password'];
  if (password !== undefined && password !== null) {
    requireString(record, 'password', MAX_PASSWORD_LENGTH);
  }
  const { id: _id, password: _password, ...settings } = record;
  return {
    ...(settings as unknown as ConnectionInput),
    ...(id === undefined ? {} : { id }),
    ...(password === undefined ? {} : { password: password as string | null }),
  };
}

/** Checks the payloads of the transcript, exact-bytes, file and saved-connection channels. */
export function parseFeatureParams(channel: RequestChannel, params: unknown): unknown {
  switch (channel) {
    case 'session:send-bytes': {
      const record = asRecord(params, 'params');
      const bytes = record['bytes'];
      if (!(bytes instanceof Uint8Array) || bytes.length === 0 || bytes.length > MAX_EXACT_BYTES) {
        throw new InvalidField('bytes', `must be a byte array of 1 to ${MAX_EXACT_BYTES} bytes`);
      }
      return { sessionId: parseSessionId(record), bytes };
    }
    case 'transcript:read': {
      const record = asRecord(params, 'params');
      return {
        sessionId: parseSessionId(record),
        from:
          record['from'] === null
            ? null
            : requireInteger(record, 'from', 0, Number.MAX_SAFE_INTEGER),
        maxBytes: requireInteger(record, 'maxBytes', 1, MAX_TRANSCRIPT_PAGE_BYTES),
      };
    }
    case 'transcript:export': {
      const record = asRecord(params, 'params');
      return { sessionId: parseSessionId(record), options: parseExportOptions(record['options']) };
    }
    case 'transcript:keep-credentials': {
      const record = asRecord(params, 'params');
      return { sessionId: parseSessionId(record), keep: requireBoolean(record, 'keep') };
    }
    case 'file:save': {
      const file = asRecord(asRecord(params, 'params')['file'], 'file');
      const fileName = requireString(file, 'fileName', MAX_FILE_NAME_LENGTH);
      // eslint-disable-next-line no-control-regex -- a NUL would cut the name short in the OS.
      if (fileName === '' || /[/\\\u0000]/.test(fileName)) {
        throw new InvalidField('fileName', 'must be a plain file name without folders');
      }
      return {
        file: {
          fileName,
          mediaType: requireString(file, 'mediaType', MAX_FILE_NAME_LENGTH),
          content: requireString(file, 'content', MAX_SAVED_FILE_LENGTH),
        },
      };
    }
    case 'connections:list':
    case 'connections:export':
      return null;
    case 'connections:save':
      return { connection: parseConnectionInput(asRecord(params, 'params')['connection']) };
    case 'connections:delete':
      return { id: requireString(asRecord(params, 'params'), 'id', MAX_CONNECTION_ID_LENGTH) };
    case 'connections:import':
      return { content: requireString(asRecord(params, 'params'), 'content', MAX_IMPORT_LENGTH) };
    default:
      throw new InvalidField('channel', `${channel} is not a feature channel`);
  }
}
