import { describe, expect, it } from 'vitest';

import { diagnoseHandshakeFailure, dhPrimeBits, readServerHandshake } from './tls-failure';
import { tlsPolicy, versionName } from './tls-policy';

const CONTEXT = { host: 'mx.example.test', port: 465, phase: 'tls-handshake' as const };

function uint16(value: number): Buffer {
  const bytes = Buffer.alloc(2);
  bytes.writeUInt16BE(value);
  return bytes;
}

function uint24(value: number): Buffer {
  return Buffer.from([value >> 16, (value >> 8) & 0xff, value & 0xff]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), uint24(body.length), body]);
}

function record(type: number, fragment: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0x03, 0x01]), uint16(fragment.length), fragment]);
}

/** Builds a ServerHello (RFC 5246, 7.4.1.3) that chooses `version`, without extensions. */
function serverHello(version: number): Buffer {
  return handshake(
    2,
    Buffer.concat([
      uint16(version),
      Buffer.alloc(32, 7),
      Buffer.from([0]),
      uint16(0x0033),
      Buffer.from([0]),
    ]),
  );
}

/** Builds a DHE ServerKeyExchange (RFC 5246, 7.4.3) whose prime has `bits` bits. */
function dheKeyExchange(bits: number): Buffer {
  const prime = Buffer.alloc(Math.ceil(bits / 8), 0xff);
  prime[0] = 0xff >> (prime.length * 8 - bits);
  return handshake(
    12,
    Buffer.concat([
      uint16(prime.length),
      prime,
      uint16(1),
      Buffer.from([2]),
      uint16(1),
      Buffer.from([5]),
    ]),
  );
}

function libraryError(code: string, reason: string): NodeJS.ErrnoException {
  return Object.assign(new Error(reason), { code, reason });
}

describe('server handshake facts', () => {
  it('reads the version of a TLS 1.0 ServerHello', () => {
    const facts = readServerHandshake(record(22, serverHello(0x0301)));
    expect(facts.serverVersion).toBe('TLSv1');
    expect(facts.serverKeyExchange).toBeNull();
  });

  it('reads a ServerKeyExchange split across records', () => {
    const messages = Buffer.concat([serverHello(0x0303), dheKeyExchange(1024)]);
    const bytes = Buffer.concat([
      record(22, messages.subarray(0, 100)),
      record(22, messages.subarray(100)),
    ]);
    const facts = readServerHandshake(bytes);
    expect(facts.serverVersion).toBe('TLSv1.2');
    expect(dhPrimeBits(facts.serverKeyExchange!)).toBe(1024);
  });

  it('stops at ChangeCipherSpec and truncation', () => {
    const afterChange = Buffer.concat([
      record(20, Buffer.from([1])),
      record(22, serverHello(0x0301)),
    ]);
    expect(readServerHandshake(afterChange).serverVersion).toBeNull();
    const truncated = record(22, serverHello(0x0301)).subarray(0, 20);
    expect(readServerHandshake(truncated).serverVersion).toBeNull();
  });

  it.each([1024, 1023, 2048, 768])('measures a %i-bit DH prime', (bits) => {
    const message = dheKeyExchange(bits);
    expect(dhPrimeBits(message.subarray(4))).toBe(bits);
  });

  it('rejects truncated key exchange', () => {
    expect(dhPrimeBits(Buffer.from([0x00, 0x80, 0xff]))).toBeNull();
  });
});

describe('handshake failure diagnosis', () => {
  const strict = tlsPolicy(false);

  it('names DH group size and minimum', () => {
    const bytes = record(22, Buffer.concat([serverHello(0x0303), dheKeyExchange(1024)]));
    const error = diagnoseHandshakeFailure(
      libraryError('ERR_SSL_DH_KEY_TOO_SMALL', 'dh key too small'),
      bytes,
      strict,
      CONTEXT,
    );
    expect(error.code).toBe('TLS_DH_GROUP_TOO_SMALL');
    expect(error.message).toContain(
      "server's DH group is 1024 bits; this client requires at least 2048 at its security level",
    );
    expect(error.message).toContain('Allow legacy TLS');
    expect(error.message).toContain('ERR_SSL_DH_KEY_TOO_SMALL');
    expect(error.context.phase).toBe('tls-handshake');
  });

  it('names version chosen by ServerHello', () => {
    const error = diagnoseHandshakeFailure(
      libraryError('ERR_SSL_UNSUPPORTED_PROTOCOL', 'unsupported protocol'),
      record(22, serverHello(0x0301)),
      strict,
      CONTEXT,
    );
    expect(error.code).toBe('TLS_VERSION_TOO_OLD');
    expect(error.message).toContain(
      "server supports at most TLS 1.0; this client's minimum is TLS 1.2",
    );
  });

  it('infers maximum version from alert', () => {
    const alert = record(21, Buffer.from([2, 70]));
    const error = diagnoseHandshakeFailure(
      libraryError('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version'),
      alert,
      strict,
      CONTEXT,
    );
    expect(error.code).toBe('TLS_VERSION_TOO_OLD');
    expect(error.message).toContain('server supports at most TLS 1.1');
  });

  it('omits advice in legacy mode', () => {
    const error = diagnoseHandshakeFailure(
      libraryError('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION', 'tlsv1 alert protocol version'),
      Buffer.alloc(0),
      tlsPolicy(true),
      CONTEXT,
    );
    expect(error.code).toBe('TLS_VERSION_TOO_OLD');
    expect(error.message).toContain('server supports at most SSL 3.0');
    expect(error.message).not.toContain('Allow legacy TLS');
  });

  it('keeps other failures as handshake failures', () => {
    const error = diagnoseHandshakeFailure(
      libraryError('ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'sslv3 alert handshake failure'),
      Buffer.alloc(0),
      strict,
      CONTEXT,
    );
    expect(error.code).toBe('TLS_HANDSHAKE_FAILED');
    expect(error.message).toContain('share no cipher suite');
  });
});

describe('TLS policy', () => {
  it('is strict unless legacy TLS is allowed', () => {
    expect(tlsPolicy(false)).toMatchObject({
      legacy: false,
      minVersion: 'TLSv1.2',
      securityLevel: 2,
    });
    expect(tlsPolicy(false).ciphers).toMatch(/:@SECLEVEL=2$/);
    expect(tlsPolicy(true)).toEqual({
      legacy: true,
      minVersion: 'TLSv1',
      securityLevel: 0,
      ciphers: 'DEFAULT:@SECLEVEL=0',
    });
  });

  it.each([
    ['TLSv1', 'TLS 1.0'],
    ['TLSv1.1', 'TLS 1.1'],
    ['TLSv1.3', 'TLS 1.3'],
    ['SSLv3', 'SSL 3.0'],
    ['0x7f1c', '0x7f1c'],
  ])('names %s as %s', (version, name) => {
    expect(versionName(version)).toBe(name);
  });
});
