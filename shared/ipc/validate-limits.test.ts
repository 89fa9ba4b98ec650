import { describe, expect, it } from 'vitest';

import {
  MAX_CONNECTION_ATTEMPT_DELAY_MS,
  MAX_LIMIT_BYTES,
  MIN_CONNECTION_ATTEMPT_DELAY_MS,
  validateRequest,
} from './validate';

const valid = { host: 'mail.example.com', port: 587, protocol: 'smtp', security: 'starttls' };

function openWithLimits(limits: unknown) {
  return validateRequest('session:open', { ...valid, limits });
}

describe('validateRequest session limits', () => {
  it('keeps known limits', () => {
    const limits = {
      maxTrackedLineBytes: 4096,
      maxInputLineBytes: 1000,
      unackedHighWatermarkBytes: 1000,
      unackedLowWatermarkBytes: 100,
      transcriptMaxBytes: 1,
      connectionAttemptDelayMs: 250,
    };
    const result = openWithLimits(limits);
    expect(result.ok && result.value.limits).toEqual(limits);
  });

  it.each([
    ['byte limit', 'maxTrackedLineBytes', 1, MAX_LIMIT_BYTES],
    [
      'attempt delay',
      'connectionAttemptDelayMs',
      MIN_CONNECTION_ATTEMPT_DELAY_MS,
      MAX_CONNECTION_ATTEMPT_DELAY_MS,
    ],
  ])('accepts a %s at both ends of its range and rejects one past', (_name, key, min, max) => {
    expect(openWithLimits({ [key]: min }).ok).toBe(true);
    expect(openWithLimits({ [key]: max }).ok).toBe(true);
    const below = openWithLimits({ [key]: min - 1 });
    const above = openWithLimits({ [key]: max + 1 });
    expect(!below.ok && below.error.code).toBe('INVALID_OPTIONS');
    expect(!above.ok && above.error.code).toBe('INVALID_OPTIONS');
  });

  it.each([
    ['an unknown limit', { maxEverythingBytes: 1 }],
    ['a fractional limit', { transcriptMaxBytes: 1.5 }],
    ['a limit as text', { transcriptMaxBytes: '100' }],
    [
      'a low watermark at the high one',
      { unackedHighWatermarkBytes: 100, unackedLowWatermarkBytes: 100 },
    ],
    ['an array', [1]],
  ])('rejects %s', (_name, limits) => {
    const result = openWithLimits(limits);
    expect(!result.ok && result.error.code).toBe('INVALID_OPTIONS');
  });
});

describe('validateRequest session:accept-certificate', () => {
  const fingerprint = Array.from({ length: 32 }, (_, index) =>
    index.toString(16).padStart(2, '0').toUpperCase(),
  ).join(':');

  it('accepts a SHA-256 fingerprint in either case', () => {
    for (const value of [fingerprint, fingerprint.toLowerCase()]) {
      const result = validateRequest('session:accept-certificate', {
        sessionId: 's1',
        fingerprint: value,
      });
      expect(result.ok && result.value).toEqual({ sessionId: 's1', fingerprint: value });
    }
  });

  it.each([
    ['a SHA-1 fingerprint', fingerprint.slice(0, 59)],
    ['one pair too many', `${fingerprint}:00`],
    ['no colons', fingerprint.replaceAll(':', '')],
    ['a non-hex digit', `G${fingerprint.slice(1)}`],
    ['a number', 42],
  ])('rejects %s', (_name, value) => {
    const result = validateRequest('session:accept-certificate', {
      sessionId: 's1',
      fingerprint: value,
    });
    expect(!result.ok && result.error.code).toBe('INVALID_REQUEST');
  });
});
