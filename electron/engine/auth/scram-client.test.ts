import { describe, expect, it } from 'vitest';

import { decodeBase64, encodeUtf8 } from '../../../shared/encoding/base64';
import { ScramClient } from './scram-client';

function text(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

function createClient(
  mechanism: 'SCRAM-SHA-1' | 'SCRAM-SHA-256',
  nonce: string,
  password = 'pencil',
): ScramClient {
  const result = ScramClient.create(mechanism, '', 'user', password, nonce);
  if (!result.ok) {
    throw new Error(result.problem);
  }
  return result.client as ScramClient;
}

// The example exchanges of RFC 5802, section 5 and RFC 7677, section 3: user "user", password "pencil".
const VECTORS = [
  {
    mechanism: 'SCRAM-SHA-1',
    clientNonce: 'fyko+d2lbbFgONRv9qkxdawL',
    clientFirst: 'n,,n=user,r=fyko+d2lbbFgONRv9qkxdawL',
    serverFirst: 'r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096',
    clientFinal:
      'c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=',
    serverFinal: 'v=rmF9pqV8S7suAoZWja4dJRkFsKQ=',
  },
  {
    mechanism: 'SCRAM-SHA-256',
    clientNonce: 'rOprNGfwEbeRWgbNEkqO',
    clientFirst: 'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    serverFirst:
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
    clientFinal:
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    serverFinal: 'v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=',
  },
] as const;

describe('ScramClient', () => {
  it.each(VECTORS)('reproduces the published $mechanism exchange', async (vector) => {
    const client = createClient(vector.mechanism, vector.clientNonce);
    expect(text(client.initialMessage)).toBe(vector.clientFirst);

    const final = await client.respond(encodeUtf8(vector.serverFirst));
    expect(final.kind).toBe('respond');
    expect(final.kind === 'respond' && text(final.bytes)).toBe(vector.clientFinal);

    const end = await client.respond(encodeUtf8(vector.serverFinal));
    expect(end.kind === 'respond' && end.bytes.length).toBe(0);
    expect(client.serverSignature).toBe('verified');
  });

  it('aborts when the server signature is wrong', async () => {
    const vector = VECTORS[1];
    const client = createClient(vector.mechanism, vector.clientNonce, 'not pencil');
    await client.respond(encodeUtf8(vector.serverFirst));
    const end = await client.respond(encodeUtf8(vector.serverFinal));
    expect(end.kind).toBe('abort');
    expect(client.serverSignature).toBe('mismatch');
  });

  it('aborts when the server nonce does not extend the client nonce', async () => {
    const client = createClient('SCRAM-SHA-256', 'clientnonce');
    const answer = await client.respond(encodeUtf8('r=othernonce123,s=QSXCR+Q6sek8bf92,i=4096'));
    expect(answer.kind).toBe('abort');
  });

  it('refuses an iteration count that would stall the engine', async () => {
    const client = createClient('SCRAM-SHA-256', 'abc');
    const answer = await client.respond(encodeUtf8('r=abcdef,s=QSXCR+Q6sek8bf92,i=4000000000'));
    expect(answer.kind).toBe('abort');
  });

  it('escapes = and , in the user name and prepares it with SASLprep', () => {
    const result = ScramClient.create('SCRAM-SHA-1', 'ad,min', 'u=s,er\u00aa', 'pw', 'nonce');
    expect(result.ok && text(result.client.initialMessage!)).toBe(
      'n,a=ad=2Cmin,n=u=3Ds=2Cera,r=nonce',
    );
  });

  it('encodes the GS2 header with the authorization identity in c=', async () => {
    const result = ScramClient.create('SCRAM-SHA-1', 'admin', 'user', 'pencil', 'abc');
    const client = result.ok ? result.client : null;
    const answer = await client!.respond(encodeUtf8('r=abcdef,s=QSXCR+Q6sek8bf92,i=4096'));
    const final = answer.kind === 'respond' ? text(answer.bytes) : '';
    const channelBinding = /^c=([^,]+),/.exec(final)?.[1] ?? '';
    const decoded = decodeBase64(channelBinding);
    expect(decoded.ok && text(decoded.bytes)).toBe('n,a=admin,');
  });
});
