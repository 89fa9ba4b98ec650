import { describe, expect, it } from 'vitest';

import {
  chooseHeadline,
  diagnose,
  DIAGNOSIS_CATALOG,
  isDiagnosisCode,
  sortDiagnoses,
  toChainHeadline,
} from './diagnosis-catalog';

const TRUSTED = diagnose('TRUSTED', { root: '"Example Root"', name: 'mail.example.test' });

describe('diagnosis catalog', () => {
  it('gives every code a sentence and a short label', () => {
    for (const [code, entry] of Object.entries(DIAGNOSIS_CATALOG)) {
      expect(entry.short, code).not.toBe('');
      expect(isDiagnosisCode(code)).toBe(true);
    }
    expect(isDiagnosisCode('TLS_HANDSHAKE_FAILED')).toBe(false);
  });

  it('chooses the first error in catalog order as the headline', () => {
    const mismatch = diagnose('NAME_MISMATCH', { expected: 'a.test', names: 'b.test' });
    const expired = diagnose('CERT_EXPIRED', {
      certificate: 'the leaf "b.test"',
      date: '2025-01-01',
      days: 3,
    });
    const order = diagnose('WRONG_ORDER', { certificate: 'x', expectedAfter: 'y' });
    expect(chooseHeadline([order, mismatch, expired], TRUSTED).code).toBe('CERT_EXPIRED');
    expect(sortDiagnoses([order, mismatch, expired]).map((finding) => finding.code)).toEqual([
      'CERT_EXPIRED',
      'NAME_MISMATCH',
      'WRONG_ORDER',
    ]);
  });

  it('keeps the trusted verdict when there are only warnings', () => {
    const soon = diagnose('EXPIRES_SOON', {
      certificate: 'the leaf "b.test"',
      date: '2030-01-01',
      days: 9,
    });
    expect(chooseHeadline([soon], TRUSTED)).toBe(TRUSTED);
  });

  it('names the missing issuer and its download address', () => {
    const finding = diagnose('INTERMEDIATE_NOT_SENT', {
      certificate: 'the leaf "mail.example.test"',
      issuer: 'CN=Example CA 1',
      url: 'http://ca.example.test/1.crt',
    });
    expect(finding.severity).toBe('error');
    expect(finding.text).toContain('CN=Example CA 1');
    expect(finding.text).toContain('http://ca.example.test/1.crt');
  });

  it('shrinks a finding to the snapshot headline', () => {
    expect(toChainHeadline(TRUSTED)).toEqual({
      code: 'TRUSTED',
      severity: 'ok',
      text: TRUSTED.text,
      shortText: 'trusted',
    });
  });
});
