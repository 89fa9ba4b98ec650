import { describe, expect, it } from 'vitest';

import {
  parseScramServerFinal,
  parseScramServerFirst,
  scramClientFinalWithoutProof,
  scramGs2Header,
} from './scram';

describe('parseScramServerFirst', () => {
  it('reads the nonce, salt and iteration count', () => {
    const parsed = parseScramServerFirst('r=abcXYZ,s=QSXCR+Q6sek8bf92,i=4096', 'abc');
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value.nonce).toBe('abcXYZ');
    expect(parsed.ok && parsed.value.iterations).toBe(4096);
    expect(parsed.ok && parsed.value.salt.length).toBe(12);
  });

  it.each([
    ['m=ext,r=abcXYZ,s=QSXCR+Q6sek8bf92,i=4096', 'extension'],
    ['r=abcXYZ,i=4096', 'lacks'],
    ['r=abc,s=QSXCR+Q6sek8bf92,i=4096', 'does not extend'],
    ['r=zzzXYZ,s=QSXCR+Q6sek8bf92,i=4096', 'does not extend'],
    ['r=abcXYZ,s=not base64!,i=4096', 'salt'],
    ['r=abcXYZ,s=QSXCR+Q6sek8bf92,i=0', 'iteration count'],
    ['r=abcXYZ,s=QSXCR+Q6sek8bf92,i=1000001', 'iteration count'],
  ])('rejects %j', (text, problem) => {
    const parsed = parseScramServerFirst(text, 'abc');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toContain(problem);
  });
});

describe('parseScramServerFinal', () => {
  it('reads the server signature or the error', () => {
    expect(parseScramServerFinal('v=rmF9pqV8S7suAoZWja4dJRkFsKQ=').ok).toBe(true);
    const error = parseScramServerFinal('e=invalid-proof');
    expect(!error.ok && error.problem).toContain('invalid-proof');
    expect(parseScramServerFinal('x=1').ok).toBe(false);
  });
});

describe('scramClientFinalWithoutProof', () => {
  it('encodes the GS2 header as c=', () => {
    expect(scramClientFinalWithoutProof(scramGs2Header(''), 'n1')).toBe('c=biws,r=n1');
    expect(scramClientFinalWithoutProof(scramGs2Header('a=b'), 'n1')).toBe(
      'c=bixhPWE9M0RiLA==,r=n1',
    );
  });
});
