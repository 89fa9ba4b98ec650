import { encodeBase64, encodeUtf8 } from '../../../shared/encoding/base64';
import { prepareField } from '../../../shared/sasl/messages';
import {
  parseScramServerFinal,
  parseScramServerFirst,
  scramAuthMessage,
  scramClientFinalWithoutProof,
  scramClientFirstBare,
  scramGs2Header,
} from '../../../shared/sasl/scram';
import type { SaslAnswer, SaslClient, SaslClientResult } from './sasl-clients';
import { digest, equalBytes, hmac, pbkdf2Hmac, randomNonce, type HashName } from './sasl-crypto';

const HASHES: Readonly<Record<'SCRAM-SHA-1' | 'SCRAM-SHA-256', { name: HashName; bytes: number }>> =
  {
    'SCRAM-SHA-1': { name: 'sha1', bytes: 20 },
    'SCRAM-SHA-256': { name: 'sha256', bytes: 32 },
  };

function xor(a: Uint8Array, b: Uint8Array): Uint8Array {
  return a.map((byte, index) => byte ^ b[index]!);
}

function decodeText(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The client of SCRAM-SHA-1 (RFC 5802) and SCRAM-SHA-256 (RFC 7677), without channel binding:
 * client-first, then the client-final message with the proof computed from the server-first
 * message, then the check of the server signature in the server-final message.
 */
export class ScramClient implements SaslClient {
  readonly initialMessage: Uint8Array;
  #serverSignature: 'verified' | 'mismatch' | 'missing' = 'missing';
  #step: 'server-first' | 'server-final' | 'done' = 'server-first';
  #expectedSignature: Uint8Array | null = null;
  readonly #hash: { name: HashName; bytes: number };
  readonly #password: string;
  readonly #gs2Header: string;
  readonly #clientFirstBare: string;
  readonly #clientNonce: string;

  private constructor(
    mechanism: 'SCRAM-SHA-1' | 'SCRAM-SHA-256',
    authzid: string,
    username: string,
    password: string,
    clientNonce: string,
  ) {
    this.#hash = HASHES[mechanism];
    this.#password = password;
    this.#clientNonce = clientNonce;
    this.#gs2Header = scramGs2Header(authzid);
    this.#clientFirstBare = scramClientFirstBare(username, clientNonce);
    this.initialMessage = encodeUtf8(this.#gs2Header + this.#clientFirstBare);
  }

  /**
   * Prepares the user name and password with SASLprep and creates the client. `clientNonce` is
   * for the published test vectors; a real exchange gets a random one.
   */
  static create(
    mechanism: 'SCRAM-SHA-1' | 'SCRAM-SHA-256',
    authzid: string,
    username: string,
    password: string,
    clientNonce: string = randomNonce(),
  ): SaslClientResult {
    if (username === '') {
      return { ok: false, problem: `The user name is empty; ${mechanism} requires one.` };
    }
    const user = prepareField('user name', username);
    if (!user.ok) {
      return { ok: false, problem: user.problem };
    }
    const pass = prepareField('password', password);
    if (!pass.ok) {
      return { ok: false, problem: pass.problem };
    }
    return {
      ok: true,
      client: new ScramClient(mechanism, authzid, user.value, pass.value, clientNonce),
    };
  }

  get serverSignature(): 'verified' | 'mismatch' | 'missing' {
    return this.#serverSignature;
  }

  respond(challenge: Uint8Array): Promise<SaslAnswer> {
    switch (this.#step) {
      case 'server-first':
        return this.#answerServerFirst(decodeText(challenge));
      case 'server-final':
        return Promise.resolve(this.#checkServerFinal(decodeText(challenge)));
      case 'done':
        return Promise.resolve({
          kind: 'abort',
          reason: 'SCRAM has finished, but the server sent another challenge.',
        });
    }
  }

  async #answerServerFirst(serverFirst: string): Promise<SaslAnswer> {
    const parsed = parseScramServerFirst(serverFirst, this.#clientNonce);
    if (!parsed.ok) {
      this.#step = 'done';
      return { kind: 'abort', reason: parsed.problem };
    }
    const { nonce, salt, iterations } = parsed.value;
    const { name, bytes } = this.#hash;

    const saltedPassword = await pbkdf2Hmac(
      name,
      encodeUtf8(this.#password),
      salt,
      iterations,
      bytes,
    );
    const clientKey = hmac(name, saltedPassword, 'Client Key');
    const storedKey = digest(name, clientKey);
    const withoutProof = scramClientFinalWithoutProof(this.#gs2Header, nonce);
    const authMessage = scramAuthMessage(this.#clientFirstBare, serverFirst, withoutProof);
    const clientSignature = hmac(name, storedKey, authMessage);
    const proof = xor(clientKey, clientSignature);
    const serverKey = hmac(name, saltedPassword, 'Server Key');
    this.#expectedSignature = hmac(name, serverKey, authMessage);

    this.#step = 'server-final';
    return {
      kind: 'respond',
      bytes: encodeUtf8(`${withoutProof},p=${encodeBase64(proof)}`),
      note: `SCRAM: salt and ${iterations} iterations from the server; sending the client proof.`,
    };
  }

  #checkServerFinal(serverFinal: string): SaslAnswer {
    this.#step = 'done';
    const parsed = parseScramServerFinal(serverFinal);
    if (!parsed.ok) {
      return { kind: 'abort', reason: parsed.problem };
    }
    if (
      this.#expectedSignature === null ||
      !equalBytes(parsed.value.signature, this.#expectedSignature)
    ) {
      this.#serverSignature = 'mismatch';
      return {
        kind: 'abort',
        reason:
          'The server signature is wrong: this server does not know the password, so it may not be the real server.',
      };
    }
    this.#serverSignature = 'verified';
    return {
      kind: 'respond',
      bytes: new Uint8Array(0),
      note: 'SCRAM: the server signature is valid, so the server knows the password. Sending the empty response that completes the exchange.',
    };
  }
}
