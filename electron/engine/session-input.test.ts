import { describe, expect, it } from 'vitest';

import { checkInput, type InputPolicyState } from './session-input';

const READY: InputPolicyState = {
  phase: 'ready',
  upgrading: false,
  authRunning: false,
  tlsRequested: false,
  tls: null,
  acceptedFingerprint: null,
  maxInputLineBytes: 1024,
  earlyBytesAllowed: true,
};

const CONTEXT = { host: 'mx.example.test', port: 25 };

describe('checkInput before the greeting', () => {
  const greeting: InputPolicyState = { ...READY, phase: 'greeting' };

  it('refuses a typed line', () => {
    expect(checkInput(greeting, 'EHLO early', false, CONTEXT)?.code).toBe('INPUT_NOT_READY');
  });

  it('lets exact bytes through when early talk is allowed', () => {
    expect(checkInput(greeting, '', false, CONTEXT, 12)).toBeNull();
  });

  it('refuses exact bytes while the STARTTLS dialogue is pending', () => {
    const starttls = { ...greeting, earlyBytesAllowed: false };
    const refusal = checkInput(starttls, '', false, CONTEXT, 12);
    expect(refusal?.code).toBe('INPUT_NOT_READY');
    expect(refusal?.message).not.toContain('Send exact bytes');
  });

  it('refuses exact bytes in other phases', () => {
    const connecting = { ...READY, phase: 'connecting' as const };
    expect(checkInput(connecting, '', false, CONTEXT, 12)?.code).toBe('INPUT_NOT_READY');
  });
});
