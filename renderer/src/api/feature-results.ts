import type { RequestChannel } from '../../../shared/ipc/contract';
import { boolean, count, fail, record, string } from './server-message';

function checkFile(value: unknown): void {
  const file = record(value, 'result');
  string(file.fileName, 'fileName');
  string(file.mediaType, 'mediaType');
  string(file.content, 'content');
}

function checkConnectionList(value: unknown): void {
  const list = record(value, 'result');
  if (!Array.isArray(list.connections)) {
    fail('connections is not an array');
  }
  list.connections.forEach((entry, index) => {
    const connection = record(entry, `connections[${index}]`);
    string(connection.id, `connections[${index}].id`);
    string(connection.name, `connections[${index}].name`);
    string(connection.host, `connections[${index}].host`);
    count(connection.port, `connections[${index}].port`);
    boolean(connection.hasPassword, `connections[${index}].hasPassword`);
  });
  boolean(record(list.passwordStorage, 'passwordStorage').available, 'passwordStorage.available');
  string(list.file, 'file');
  boolean(list.writable, 'writable');
}

function checkTranscriptPage(value: unknown): void {
  const page = record(value, 'result');
  for (const key of ['from', 'next', 'total', 'droppedRecords', 'droppedBytes']) {
    count(page[key], key);
  }
  if (!Array.isArray(page.records)) {
    fail('records is not an array');
  }
  page.records.forEach((entry, index) => {
    const item = record(entry, `records[${index}]`);
    count(item.time, `records[${index}].time`);
    if (
      (item.kind === 'server' || item.kind === 'client-bytes') &&
      !(item.bytes instanceof Uint8Array)
    ) {
      fail(`records[${index}].bytes is not a byte array`);
    }
  });
}

/** Checks the results of the transcript, file and saved-connection channels. */
export function checkFeatureResult(channel: RequestChannel, value: unknown): unknown {
  switch (channel) {
    case 'transcript:read':
      checkTranscriptPage(value);
      return value;
    case 'transcript:export':
      checkFile(value);
      count(record(value, 'result').credentialCount, 'credentialCount');
      return value;
    case 'transcript:keep-credentials':
      boolean(record(value, 'result').keeping, 'keeping');
      return value;
    case 'file:save':
      boolean(record(value, 'result').saved, 'saved');
      return value;
    case 'connections:list':
    case 'connections:save':
    case 'connections:delete':
      checkConnectionList(value);
      return value;
    case 'connections:export':
      checkFile(value);
      return value;
    case 'connections:import':
      checkConnectionList(record(value, 'result').list);
      return value;
    default:
      return fail(`${channel} has no result check`);
  }
}
