import { describe, expect, it } from 'vitest';

import { MAX_AUTH_SECRET_LENGTH, validateRequest, type Validation } from './validate';
import { MAX_CONNECTION_ID_LENGTH } from './validate-features';

function errorOf(result: Validation<unknown>): { code: string; message: string } | null {
  return result.ok ? null : { code: result.error.code, message: result.error.message };
}

const SETTINGS = {
  method: 'sasl',
  mechanism: 'PLAIN',
  initialResponse: true,
  authzid: '',
  username: 'alice',
  loginCharset: 'utf-8',
  tag: 'A1',
};

function start(secretSource: unknown, extra: Record<string, unknown> = {}) {
  return validateRequest('auth:start', {
    sessionId: 's1',
    request: { ...SETTINGS, secretSource, ...extra },
  });
}

describe('validateRequest auth:start', () => {
  it('accepts a typed secret', () => {
    const result = start({ kind: 'typed', secret: 's3cret' });
    expect(result.ok ? result.value.request.secretSource : null).toEqual({
      kind: 'typed',
      secret: 's3cret',
    });
  });

  it('accepts a saved connection id', () => {
    const result = start({ kind: 'saved-connection', connectionId: 'c-1' });
    expect(result.ok ? result.value.request.secretSource : null).toEqual({
      kind: 'saved-connection',
      connectionId: 'c-1',
    });
  });

  it('drops a secret sent beside a saved connection id', () => {
    const result = start(
      { kind: 'saved-connection', connectionId: 'c-1', secret: 'stray' },
      { secret: 'stray-too' },
    );
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result.ok ? result.value : null)).not.toContain('stray');
  });

  it('accepts ids and secrets exactly at their caps', () => {
    const id = 'c'.repeat(MAX_CONNECTION_ID_LENGTH);
    expect(start({ kind: 'saved-connection', connectionId: id }).ok).toBe(true);
    const secret = 's'.repeat(MAX_AUTH_SECRET_LENGTH);
    expect(start({ kind: 'typed', secret }).ok).toBe(true);
  });

  it.each([
    ['no secret source', undefined, 'secretSource'],
    ['the old secret field alone', null, 'secretSource'],
    ['a source as a string', 'typed', 'secretSource'],
    ['an unknown kind', { kind: 'keyring', secret: 'x' }, 'kind'],
    ['a typed source without its secret', { kind: 'typed' }, 'secret'],
    ['a typed secret as a number', { kind: 'typed', secret: 42 }, 'secret'],
    [
      'a typed secret over the cap',
      { kind: 'typed', secret: 's'.repeat(MAX_AUTH_SECRET_LENGTH + 1) },
      'secret',
    ],
    ['a saved source without its id', { kind: 'saved-connection' }, 'connectionId'],
    [
      'a saved source with a secret only',
      { kind: 'saved-connection', secret: 'x' },
      'connectionId',
    ],
    ['an empty connection id', { kind: 'saved-connection', connectionId: '' }, 'connectionId'],
    [
      'a connection id over the cap',
      { kind: 'saved-connection', connectionId: 'c'.repeat(MAX_CONNECTION_ID_LENGTH + 1) },
      'connectionId',
    ],
  ])('rejects %s', (_case, secretSource, field) => {
    const error = errorOf(start(secretSource, secretSource === null ? { secret: 'x' } : {}));
    expect(error?.code).toBe('INVALID_REQUEST');
    expect(error?.message).toContain(field);
  });

  it('rejects a tag with an atom special, whatever the source', () => {
    const error = errorOf(start({ kind: 'saved-connection', connectionId: 'c-1' }, { tag: 'A(1' }));
    expect(error?.code).toBe('INVALID_REQUEST');
  });
});

describe('validateRequest auth:cram-md5', () => {
  it('accepts a challenge pasted from the terminal', () => {
    const result = validateRequest('auth:cram-md5', {
      challenge: 'S: 334 VXNlcm5hbWU6  [decoded: Username:]',
      username: 'alice',
      secret: 's3cret',
    });
    expect(result.ok ? result.value.challenge : errorOf(result)).toBe('VXNlcm5hbWU6');
  });

  it('rejects text that is not base64', () => {
    const result = validateRequest('auth:cram-md5', {
      challenge: '334 not base64!',
      username: 'alice',
      secret: 's3cret',
    });
    expect(errorOf(result)?.message).toContain('challenge');
  });
});
