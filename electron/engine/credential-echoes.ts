import { createHmac, randomBytes } from 'node:crypto';

import { credentialForms, hiddenParts } from '../../shared/protocol/credential-forms';
import { scanEchoCandidates, type EchoCandidate } from '../../shared/protocol/echo-candidates';
import { SECRET_MASK } from '../../shared/protocol/secrets';

/** Key length of the per-session HMAC-SHA-256 key: the hash's block-sized security level. */
const FINGERPRINT_KEY_BYTES = 32;

const MASK_BYTES = Buffer.from(SECRET_MASK, 'latin1');

const FNV_PRIME = 0x01000193;

/**
 * Computes a 32-bit FNV-1a hash from a random seed. It filters candidates before the HMAC, which
 * took about 1.4 µs per candidate in bench/echo-mask.ts, so that a flood of tokens as long as a
 * password stays cheap. It reveals no more than the HMAC, because both keys are in this memory.
 */
function quickHash(seed: number, bytes: Uint8Array, start: number, end: number): number {
  let hash = seed;
  for (let index = start; index < end; index++) {
    hash = Math.imul(hash ^ bytes[index]!, FNV_PRIME);
  }
  return hash >>> 0;
}

/** Server bytes after masking the credentials they repeat. */
export interface MaskedEcho {
  /** The bytes with every repeated credential replaced by the mask. */
  readonly shown: Uint8Array;
  /**
   * Whether every credential found was sent while keeping was on, so that an export that
   * includes kept credentials may show the bytes as received.
   */
  readonly allKept: boolean;
  /** Credentials found, counting each place once. */
  readonly count: number;
}

interface Match extends EchoCandidate {
  readonly kept: boolean;
}

/**
 * A session's memory of the credentials its client lines carried, for masking them where the
 * server repeats them. It stores HMAC-SHA-256 fingerprints under a random key of its own, and
 * their lengths, never the credentials. The key ends with the session, and a heap dump contains
 * no credential in clear.
 *
 * NOTE: a short or common password can still be found from a fingerprint by guessing, given the
 * key from the same memory; the fingerprints avoid keeping credentials readable, not that.
 */
export class CredentialEchoes {
  readonly #key = randomBytes(FINGERPRINT_KEY_BYTES);
  /** Fingerprint (base64) to whether keeping was on when the credential was sent. */
  readonly #fingerprints = new Map<string, boolean>();
  /** 1 at every length in bytes of a remembered form, so that a candidate is checked cheaply. */
  #lengths = new Uint8Array(0);
  readonly #quickSeed = randomBytes(4).readUInt32LE(0);
  /** Quick hashes of the remembered forms; a candidate must have one before its HMAC is computed. */
  readonly #quickHashes = new Set<number>();

  /** Whether no credential has been remembered, so server bytes need no scan. */
  get empty(): boolean {
    return this.#fingerprints.size === 0;
  }

  /**
   * Remembers the credential that `display` hides in `text`, with the forms a server could
   * print. `kept` is true when the user keeps real credentials of this session for export.
   */
  rememberLine(text: string, display: string, kept: boolean): void {
    for (const hidden of hiddenParts(text, display)) {
      for (const form of credentialForms(hidden)) {
        this.#remember(form, kept);
      }
    }
  }

  /** Masks every remembered credential in `bytes`; returns null when there is none. */
  mask(bytes: Uint8Array): MaskedEcho | null {
    if (this.empty) {
      return null;
    }
    const matches = this.#find(bytes);
    if (matches.length === 0) {
      return null;
    }
    return {
      shown: maskSpans(bytes, matches),
      allKept: matches.every((match) => match.kept),
      count: mergeSpans(matches).length,
    };
  }

  /** Masks every remembered credential in text the engine builds from server replies. */
  maskText(text: string): string {
    if (this.empty) {
      return text;
    }
    const masked = this.mask(Buffer.from(text, 'utf8'));
    return masked === null ? text : Buffer.from(masked.shown).toString('utf8');
  }

  #remember(form: Uint8Array, kept: boolean): void {
    const fingerprint = this.#fingerprint(form);
    this.#fingerprints.set(fingerprint, kept || this.#fingerprints.get(fingerprint) === true);
    if (form.length >= this.#lengths.length) {
      const grown = new Uint8Array(form.length + 1);
      grown.set(this.#lengths);
      this.#lengths = grown;
    }
    this.#lengths[form.length] = 1;
    this.#quickHashes.add(quickHash(this.#quickSeed, form, 0, form.length));
  }

  #find(bytes: Uint8Array): Match[] {
    const lengths = this.#lengths;
    const matches: Match[] = [];
    let last: EchoCandidate = { start: -1, end: -1 };
    const wanted = { max: lengths.length - 1, has: (length: number) => lengths[length] === 1 };
    scanEchoCandidates(bytes, wanted, (candidate) => {
      // A base64 run that is also a token comes twice in a row; one hash is enough.
      if (candidate.start === last.start && candidate.end === last.end) {
        return;
      }
      last = candidate;
      if (
        !this.#quickHashes.has(quickHash(this.#quickSeed, bytes, candidate.start, candidate.end))
      ) {
        return;
      }
      const kept = this.#fingerprints.get(
        this.#fingerprint(bytes.subarray(candidate.start, candidate.end)),
      );
      if (kept !== undefined) {
        matches.push({ ...candidate, kept });
      }
    });
    return matches;
  }

  #fingerprint(bytes: Uint8Array): string {
    return createHmac('sha256', this.#key).update(bytes).digest('base64');
  }
}

/** Sorts spans and joins those that overlap or touch, so each masked place shows one mask. */
function mergeSpans(spans: readonly EchoCandidate[]): EchoCandidate[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: { start: number; end: number }[] = [];
  for (const span of sorted) {
    const previous = merged.at(-1);
    if (previous !== undefined && span.start <= previous.end) {
      previous.end = Math.max(previous.end, span.end);
    } else {
      merged.push({ start: span.start, end: span.end });
    }
  }
  return merged;
}

function maskSpans(bytes: Uint8Array, spans: readonly EchoCandidate[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let position = 0;
  for (const span of mergeSpans(spans)) {
    parts.push(bytes.subarray(position, span.start), MASK_BYTES);
    position = span.end;
  }
  parts.push(bytes.subarray(position));
  return Buffer.concat(parts);
}
