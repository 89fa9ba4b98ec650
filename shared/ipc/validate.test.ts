import { describe, expect, it } from 'vitest';

import {
  MAX_CERTIFICATE_FILE_BYTES,
  MAX_LINE_LENGTH,
  validateRequest,
  type Validation,
} from './validate';

/** Returns the error code of a failed validation, or null when it passed. */
function errorCode(result: Validation<unknown>): string | null {
  return result.ok ? null : result.error.code;
}

const valid = { host: 'mail.example.com', port: 587, protocol: 'smtp', security: 'starttls' };

describe('validateRequest session:open', () => {
  it('accepts valid options and drops unknown fields', () => {
    const result = validateRequest('session:open', { ...valid, extra: 'ignored', family: 'ipv6' });
    expect(result.ok).toBe(true);
    expect(result.ok).toBe(true);
    expect(result.ok ? result.value : null).toEqual({ ...valid, family: 'ipv6' });
  });

  it.each([
    ['a missing host', { ...valid, host: undefined }],
    ['an empty host', { ...valid, host: '  ' }],
    ['a host with a newline', { ...valid, host: 'a\nb' }],
    ['port 0', { ...valid, port: 0 }],
    ['port 65536', { ...valid, port: 65536 }],
    ['a fractional port', { ...valid, port: 25.5 }],
    ['a port as text', { ...valid, port: '25' }],
    ['an unknown protocol', { ...valid, protocol: 'http' }],
    ['an unknown security mode', { ...valid, security: 'ssl' }],
    ['STARTTLS on a raw session', { ...valid, protocol: 'raw' }],
    ['an EHLO name with CR', { ...valid, ehloName: 'a\rb' }],
    ['an unknown deadline', { ...valid, deadlines: { foreverMs: 1 } }],
    ['a negative deadline', { ...valid, deadlines: { greetingMs: -1 } }],
    ['an array', [valid]],
    ['null', null],
  ])('rejects %s', (_name, options) => {
    const result = validateRequest('session:open', options);
    expect(result.ok).toBe(false);
    expect(errorCode(result)).toBe('INVALID_OPTIONS');
  });

  it('accepts legacyTls only as boolean', () => {
    const legacy = validateRequest('session:open', { ...valid, legacyTls: true });
    expect(legacy.ok ? legacy.value : null).toEqual({ ...valid, legacyTls: true });
    const strict = validateRequest('session:open', valid);
    expect(strict.ok ? strict.value.legacyTls : 'invalid').toBeUndefined();
    expect(errorCode(validateRequest('session:open', { ...valid, legacyTls: 'yes' }))).toBe(
      'INVALID_OPTIONS',
    );
    expect(errorCode(validateRequest('session:open', { ...valid, legacyTls: 1 }))).toBe(
      'INVALID_OPTIONS',
    );
  });

  it('accepts ports 1 and 65535', () => {
    expect(validateRequest('session:open', { ...valid, port: 1 }).ok).toBe(true);
    expect(validateRequest('session:open', { ...valid, port: 65535 }).ok).toBe(true);
  });
});

describe('validateRequest other channels', () => {
  it('accepts a line at the cap and rejects one past it', () => {
    expect(
      validateRequest('session:send-line', { sessionId: 's', text: 'x'.repeat(MAX_LINE_LENGTH) })
        .ok,
    ).toBe(true);
    const tooLong = validateRequest('session:send-line', {
      sessionId: 's',
      text: 'x'.repeat(MAX_LINE_LENGTH + 1),
    });
    expect(errorCode(tooLong)).toBe('INPUT_TOO_LONG');
  });

  it('names size and maximum past the cap', () => {
    const ascii = validateRequest('session:send-line', {
      sessionId: 's',
      text: 'x'.repeat(MAX_LINE_LENGTH + 10),
    });
    const wide = validateRequest('session:send-line', {
      sessionId: 's',
      text: 'ü'.repeat(MAX_LINE_LENGTH + 1),
    });

    expect(ascii.ok ? '' : ascii.error.message).toContain(`${MAX_LINE_LENGTH + 10} bytes`);
    expect(ascii.ok ? '' : ascii.error.message).toContain(`maximum is ${MAX_LINE_LENGTH} bytes`);
    expect(wide.ok ? '' : wide.error.message).toContain(`${2 * (MAX_LINE_LENGTH + 1)} bytes`);
  });

  it.each([
    ['session:send-line', { sessionId: 1, text: 'x' }],
    ['session:send-line', { sessionId: 's' }],
    ['session:ack', { sessionId: 's', byteCount: -1 }],
    ['session:close', { sessionId: '' }],
    ['session:starttls', 'text'],
  ] as const)('rejects %s with %j', (channel, params) => {
    const result = validateRequest(channel, params);
    expect(errorCode(result)).toBe('INVALID_REQUEST');
  });
});

describe('validateRequest certificates', () => {
  it('accepts a file at the size cap and rejects one byte more', () => {
    const atCap = validateRequest('certificates:analyze-file', {
      fileName: 'chain.pem',
      bytes: new Uint8Array(MAX_CERTIFICATE_FILE_BYTES),
    });
    expect(atCap.ok).toBe(true);
    const over = validateRequest('certificates:analyze-file', {
      fileName: 'chain.pem',
      bytes: new Uint8Array(MAX_CERTIFICATE_FILE_BYTES + 1),
    });
    expect(!over.ok && over.error.code).toBe('INVALID_REQUEST');
  });

  it('keeps file check fields', () => {
    const result = validateRequest('certificates:analyze-file', {
      fileName: 'chain.pem',
      bytes: new Uint8Array(1),
      verifyName: ' mail.example.com ',
      caFile: '/etc/ssl/ca.pem',
      caPem: '-----BEGIN CERTIFICATE-----',
      extra: 'dropped',
    });
    expect(result.ok ? result.value : null).toEqual({
      fileName: 'chain.pem',
      bytes: new Uint8Array(1),
      verifyName: 'mail.example.com',
      caFile: '/etc/ssl/ca.pem',
      caPem: '-----BEGIN CERTIFICATE-----',
    });
  });

  it('drops a blank host name to check', () => {
    const result = validateRequest('certificates:analyze-file', {
      fileName: 'chain.pem',
      bytes: new Uint8Array(1),
      verifyName: '  ',
    });
    expect(result.ok ? result.value.verifyName : 'invalid').toBeUndefined();
  });

  it.each([
    [
      'certificates:analyze-file',
      { fileName: 'c.pem', bytes: new Uint8Array(1), verifyName: 'a b' },
    ],
    ['certificates:analyze-file', { fileName: 'c.pem', bytes: new Uint8Array(1), caFile: 7 }],
    ['certificates:analyze-file', { fileName: 'c.pem', bytes: new Uint8Array(1), caPem: null }],
    ['certificates:analyze-file', { fileName: 'chain.pem', bytes: 'text' }],
    ['certificates:analyze-file', { bytes: new Uint8Array(1) }],
    ['session:certificates', { sessionId: '' }],
  ] as const)('rejects %s with %j', (channel, params) => {
    const result = validateRequest(channel, params);
    expect(!result.ok && result.error.code).toBe('INVALID_REQUEST');
  });
});
