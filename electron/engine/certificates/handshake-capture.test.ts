import { createCipheriv } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import {
  extractServerCertificates,
  HandshakeRecorder,
  MAX_HANDSHAKE_CAPTURE_BYTES,
} from './handshake-capture';
import { hkdfExpandLabel, ServerHandshakeDecryptor } from './tls13-record-decryption';

/** RFC 8448, section 3: the server handshake traffic secret and the key and IV derived from it. */
const RFC8448_SERVER_HANDSHAKE_SECRET = Buffer.from(
  'b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38',
  'hex',
);
const RFC8448_KEY = '3fce516009c21727d0f2e4e86ee403bc';
const RFC8448_IV = '5d313eb2671276ee13000b30';

const TLS_AES_128_GCM_SHA256 = 0x1301;
const HELLO_RETRY_RANDOM = 'CF21AD74E59A6111BE1D8C021E65B891C2A211167ABB8C5E079E09E2C8A8339C';

function uint(value: number, bytes: number): Buffer {
  const buffer = Buffer.alloc(bytes);
  buffer.writeUIntBE(value, 0, bytes);
  return buffer;
}

function record(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type, 0x03, 0x03]), uint(body.length, 2), body]);
}

function handshake(type: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([type]), uint(body.length, 3), body]);
}

function serverHello(options: { tls13: boolean; random?: Buffer; cipherSuite?: number }): Buffer {
  const extensions = options.tls13
    ? Buffer.concat([uint(43, 2), uint(2, 2), uint(0x0304, 2)])
    : Buffer.alloc(0);
  return handshake(
    2,
    Buffer.concat([
      Buffer.from([0x03, 0x03]),
      options.random ?? Buffer.alloc(32, 7),
      Buffer.from([0]),
      uint(options.cipherSuite ?? TLS_AES_128_GCM_SHA256, 2),
      Buffer.from([0]),
      uint(extensions.length, 2),
      extensions,
    ]),
  );
}

function tls12Certificate(certificates: Buffer[]): Buffer {
  const list = Buffer.concat(certificates.map((der) => Buffer.concat([uint(der.length, 3), der])));
  return handshake(11, Buffer.concat([uint(list.length, 3), list]));
}

function tls13Certificate(certificates: Buffer[]): Buffer {
  const list = Buffer.concat(
    certificates.map((der) => Buffer.concat([uint(der.length, 3), der, uint(0, 2)])),
  );
  return handshake(11, Buffer.concat([Buffer.from([0]), uint(list.length, 3), list]));
}

/** Encrypts handshake messages into protected records as a TLS 1.3 server would. */
function protectedRecords(secret: Buffer, messages: Buffer[]): Buffer {
  const key = hkdfExpandLabel('sha256', secret, 'key', 16);
  const iv = hkdfExpandLabel('sha256', secret, 'iv', 12);
  return Buffer.concat(
    messages.map((message, sequence) => {
      const nonce = Buffer.from(iv);
      nonce[11]! ^= sequence;
      const inner = Buffer.concat([message, Buffer.from([22]), Buffer.alloc(3)]);
      const header = Buffer.concat([Buffer.from([23, 0x03, 0x03]), uint(inner.length + 16, 2)]);
      const cipher = createCipheriv('aes-128-gcm', key, nonce);
      cipher.setAAD(header);
      const body = Buffer.concat([cipher.update(inner), cipher.final(), cipher.getAuthTag()]);
      return Buffer.concat([header, body]);
    }),
  );
}

const LEAF = Buffer.from('leaf certificate bytes');
const EXTRA = Buffer.from('an unrelated certificate');
const INTERMEDIATE = Buffer.from('intermediate certificate bytes');

describe('TLS 1.3 key schedule', () => {
  it('derives the RFC 8448 handshake key and IV', () => {
    const secret = RFC8448_SERVER_HANDSHAKE_SECRET;
    expect(hkdfExpandLabel('sha256', secret, 'key', 16).toString('hex')).toBe(RFC8448_KEY);
    expect(hkdfExpandLabel('sha256', secret, 'iv', 12).toString('hex')).toBe(RFC8448_IV);
  });

  it('rejects a cipher suite that is not TLS 1.3', () => {
    expect(() => new ServerHandshakeDecryptor(0xc02f, RFC8448_SERVER_HANDSHAKE_SECRET)).toThrow(
      /not a TLS 1\.3 suite/,
    );
  });
});

describe('certificate capture', () => {
  it('reads a TLS 1.2 chain in sent order across records', () => {
    const message = tls12Certificate([LEAF, EXTRA, INTERMEDIATE]);
    const bytes = Buffer.concat([
      record(22, serverHello({ tls13: false, cipherSuite: 0xc02f })),
      record(22, message.subarray(0, 10)),
      record(22, message.subarray(10)),
    ]);
    const outcome = extractServerCertificates(bytes, null);
    expect(outcome).toEqual({
      ok: true,
      method: 'tls12-record',
      certificates: [LEAF, EXTRA, INTERMEDIATE],
    });
  });

  it('decrypts a TLS 1.3 chain with the handshake secret', () => {
    const secret = RFC8448_SERVER_HANDSHAKE_SECRET;
    const bytes = Buffer.concat([
      record(22, serverHello({ tls13: true })),
      record(20, Buffer.from([1])),
      protectedRecords(secret, [
        handshake(8, uint(0, 2)),
        tls13Certificate([LEAF, INTERMEDIATE, LEAF]),
      ]),
    ]);
    const outcome = extractServerCertificates(bytes, secret);
    expect(outcome).toEqual({
      ok: true,
      method: 'tls13-decrypted',
      certificates: [LEAF, INTERMEDIATE, LEAF],
    });
  });

  it('follows a HelloRetryRequest to the second ServerHello', () => {
    const secret = RFC8448_SERVER_HANDSHAKE_SECRET;
    const bytes = Buffer.concat([
      record(22, serverHello({ tls13: true, random: Buffer.from(HELLO_RETRY_RANDOM, 'hex') })),
      record(22, serverHello({ tls13: true })),
      protectedRecords(secret, [tls13Certificate([LEAF])]),
    ]);
    expect(extractServerCertificates(bytes, secret)).toMatchObject({
      ok: true,
      certificates: [LEAF],
    });
  });

  it('reports TLS 1.3 without the secret', () => {
    const bytes = Buffer.concat([record(22, serverHello({ tls13: true }))]);
    expect(extractServerCertificates(bytes, null)).toEqual({
      ok: false,
      problem: 'the TLS library did not reveal the handshake secret',
    });
  });

  it('reports a wrong secret instead of throwing', () => {
    const bytes = Buffer.concat([
      record(22, serverHello({ tls13: true })),
      protectedRecords(RFC8448_SERVER_HANDSHAKE_SECRET, [tls13Certificate([LEAF])]),
    ]);
    const outcome = extractServerCertificates(bytes, Buffer.alloc(32, 1));
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problem).toMatch(/did not decrypt/);
  });

  it('reports a resumed TLS 1.2 session', () => {
    const bytes = Buffer.concat([
      record(22, serverHello({ tls13: false, cipherSuite: 0xc02f })),
      record(20, Buffer.from([1])),
    ]);
    expect(extractServerCertificates(bytes, null)).toMatchObject({ ok: false });
  });

  it('reports a certificate list longer than its message', () => {
    const message = handshake(11, Buffer.concat([uint(0xffffff, 3), LEAF]));
    const bytes = Buffer.concat([record(22, serverHello({ tls13: false })), record(22, message)]);
    const outcome = extractServerCertificates(bytes, null);
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.problem).toMatch(/certificate_list claims 16777215 bytes/);
  });

  it('reports bytes that end before the Certificate message', () => {
    const hello = record(22, serverHello({ tls13: false }));
    expect(extractServerCertificates(hello.subarray(0, 20), null)).toMatchObject({ ok: false });
    expect(extractServerCertificates(Buffer.alloc(0), null)).toMatchObject({ ok: false });
  });

  it('reports an alert and a record of the wrong type', () => {
    expect(extractServerCertificates(record(21, Buffer.from([2, 40])), null)).toMatchObject({
      ok: false,
      problem: 'the server sent an alert before its certificate',
    });
    expect(extractServerCertificates(record(23, Buffer.from('x')), null)).toMatchObject({
      ok: false,
    });
  });
});

describe('HandshakeRecorder', () => {
  it('keeps only the server handshake secret from the key log', () => {
    const recorder = new HandshakeRecorder();
    const secret = RFC8448_SERVER_HANDSHAKE_SECRET;
    recorder.onKeylog(Buffer.from(`CLIENT_HANDSHAKE_TRAFFIC_SECRET 00 ${'11'.repeat(32)}\n`));
    recorder.onKeylog(
      Buffer.from(`SERVER_HANDSHAKE_TRAFFIC_SECRET 00 ${secret.toString('hex')}\n`),
    );
    recorder.onKeylog(Buffer.from(`SERVER_TRAFFIC_SECRET_0 00 ${'22'.repeat(32)}\n`));
    const bytes = Buffer.concat([
      record(22, serverHello({ tls13: true })),
      protectedRecords(secret, [tls13Certificate([LEAF, INTERMEDIATE])]),
    ]);
    // Bytes arrive in arbitrary TCP chunks.
    for (let offset = 0; offset < bytes.length; offset += 7) {
      recorder.record(bytes.subarray(offset, offset + 7));
    }
    expect(recorder.finish()).toMatchObject({ ok: true, certificates: [LEAF, INTERMEDIATE] });
  });

  it('stops at the capture cap and says so', () => {
    const atCap = new HandshakeRecorder();
    atCap.record(Buffer.alloc(MAX_HANDSHAKE_CAPTURE_BYTES));
    const parsed = atCap.finish();
    expect(!parsed.ok && parsed.problem).toMatch(/record type 0/);
    const over = new HandshakeRecorder();
    over.record(Buffer.alloc(MAX_HANDSHAKE_CAPTURE_BYTES));
    over.record(Buffer.alloc(1));
    expect(over.finish()).toEqual({
      ok: false,
      problem: `the handshake was larger than ${MAX_HANDSHAKE_CAPTURE_BYTES} bytes`,
    });
  });

  it('records nothing after finish', () => {
    const recorder = new HandshakeRecorder();
    recorder.finish();
    recorder.record(record(22, serverHello({ tls13: false })));
    expect(recorder.finish()).toEqual({ ok: false, problem: 'the capture was already read' });
  });
});
