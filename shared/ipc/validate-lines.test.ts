import { describe, expect, it } from 'vitest';

import { MAX_LINE_LENGTH, validateRequest } from './validate';
import { MAX_LINES_PER_REQUEST, MAX_LINES_REQUEST_LENGTH } from './validate-lines';

function codeOf(params: unknown): string | null {
  const result = validateRequest('session:send-lines', params);
  return result.ok ? null : result.error.code;
}

describe('validateRequest session:send-lines', () => {
  it('accepts lines and copies only known fields', () => {
    const result = validateRequest('session:send-lines', {
      sessionId: 's',
      lines: ['EHLO a', ''],
      extra: true,
    });
    expect(result.ok ? result.value : null).toEqual({ sessionId: 's', lines: ['EHLO a', ''] });
  });

  it('accepts the maximum number of lines and rejects one more', () => {
    const lines = Array.from({ length: MAX_LINES_PER_REQUEST }, () => 'x');
    expect(codeOf({ sessionId: 's', lines })).toBeNull();
    expect(codeOf({ sessionId: 's', lines: [...lines, 'x'] })).toBe('INVALID_REQUEST');
  });

  it('accepts the maximum total length and rejects one character more', () => {
    const half = 'x'.repeat(MAX_LINES_REQUEST_LENGTH / 2);
    expect(codeOf({ sessionId: 's', lines: [half, half] })).toBeNull();
    expect(codeOf({ sessionId: 's', lines: [half, half, 'x'] })).toBe('INVALID_REQUEST');
  });

  it('reports a line over both caps as too long', () => {
    const result = validateRequest('session:send-lines', {
      sessionId: 's',
      lines: [`NOOP ${'x'.repeat(MAX_LINES_REQUEST_LENGTH)}`],
    });
    expect(result.ok ? null : result.error.code).toBe('INPUT_TOO_LONG');
    expect(result.ok ? null : result.error.message).toContain('Line 1: The line has 2097157 bytes');
  });

  it('accepts a line at the cap and rejects one past it', () => {
    expect(codeOf({ sessionId: 's', lines: ['x'.repeat(MAX_LINE_LENGTH)] })).toBeNull();
    expect(codeOf({ sessionId: 's', lines: ['x'.repeat(MAX_LINE_LENGTH + 1)] })).toBe(
      'INPUT_TOO_LONG',
    );
  });

  it.each([
    ['no lines field', { sessionId: 's' }],
    ['lines as text', { sessionId: 's', lines: 'NOOP' }],
    ['a number among the lines', { sessionId: 's', lines: ['NOOP', 7] }],
    ['no session id', { lines: ['NOOP'] }],
    ['null', null],
  ])('rejects %s', (_name, params) => {
    expect(codeOf(params)).toBe('INVALID_REQUEST');
  });
});
