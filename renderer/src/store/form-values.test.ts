import { describe, expect, it } from 'vitest';

import {
  INITIAL_FORM_VALUES,
  advancedChanges,
  applyPreset,
  validateForm,
  type FormValues,
} from './form-values';

function form(changes: Partial<FormValues>): FormValues {
  return { ...INITIAL_FORM_VALUES, host: 'mx.example.test', ...changes };
}

describe('applyPreset', () => {
  it('sets port and security from the preset', () => {
    const values = applyPreset(form({ port: '2525', security: 'plain' }), 'imaps');
    expect(values.presetId).toBe('imaps');
    expect(values.port).toBe('993');
    expect(values.security).toBe('tls');
    expect(values.host).toBe('mx.example.test');
  });

  it('ignores an unknown preset', () => {
    const values = form({});
    expect(applyPreset(values, 'gopher')).toBe(values);
  });
});

describe('validateForm', () => {
  it('builds options from valid values', () => {
    const result = validateForm(
      form({ presetId: 'pop3', port: ' 110 ', security: 'starttls', ehloName: '', family: 'ipv6' }),
    );
    expect(result).toEqual({
      ok: true,
      options: {
        host: 'mx.example.test',
        port: 110,
        protocol: 'pop3',
        security: 'starttls',
        family: 'ipv6',
      },
    });
  });

  it('passes optional fields only when filled in', () => {
    const result = validateForm(
      form({ ehloName: 'me.test', sni: 'other.test', caFile: '/tmp/ca.pem' }),
    );
    expect(result).toMatchObject({
      ok: true,
      options: { ehloName: 'me.test', sni: 'other.test', caFile: '/tmp/ca.pem' },
    });
  });

  it('sets legacyTls only when ticked', () => {
    const strict = validateForm(form({}));
    expect(strict.ok ? strict.options.legacyTls : 'invalid').toBeUndefined();
    expect(validateForm(form({ legacyTls: true }))).toMatchObject({
      ok: true,
      options: { legacyTls: true },
    });
  });

  it('accepts an IPv6 address in brackets', () => {
    expect(validateForm(form({ host: '[::1]' }))).toMatchObject({
      ok: true,
      options: { host: '::1' },
    });
  });

  const invalidHosts = ['', '   ', 'mx example.test', 'a'.repeat(254)];

  it.each(invalidHosts)('rejects host %j', (host) => {
    const result = validateForm(form({ host }));
    expect(result.ok).toBe(false);
    expect(result.ok ? undefined : result.errors.host).toBeDefined();
  });

  const invalidPorts = ['', '0', '65536', '-1', '25.5', 'smtp', '1e3', '0x19'];

  it.each(invalidPorts)('rejects port %j', (port) => {
    const result = validateForm(form({ port }));
    expect(result.ok ? undefined : result.errors.port).toBeDefined();
    expect(result.ok ? undefined : result.errors.host).toBeUndefined();
  });

  it.each(['1', '65535'])('accepts port %s', (port) => {
    expect(validateForm(form({ port })).ok).toBe(true);
  });

  it('reports every invalid field at once', () => {
    const result = validateForm(form({ host: '', port: '0' }));
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['host', 'port']);
  });
});

describe('advancedChanges', () => {
  it('lists nothing for the defaults', () => {
    expect(advancedChanges(form({ sni: '  ', caFile: '' }))).toEqual([]);
  });

  it('lists every changed Advanced field', () => {
    const values = form({
      sni: 'mx.example.test',
      caFile: ' /etc/ssl/root.pem ',
      family: 'ipv6',
      legacyTls: true,
    });
    expect(advancedChanges(values)).toEqual([
      'SNI: mx.example.test',
      'CA file: /etc/ssl/root.pem',
      'Address family: IPv6',
      'Legacy TLS allowed',
    ]);
  });
});
