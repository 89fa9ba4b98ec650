import {
  L_CAT,
  MAPPED_TO_NOTHING,
  NON_ASCII_SPACE,
  PROHIBITED,
  RAND_AL_CAT,
} from './stringprep-tables';

/** Sorted, inclusive code point ranges, stored flat as [start, end, start, end, …]. */
class CodePointSet {
  readonly #bounds: Uint32Array;

  constructor(table: string) {
    const words = table.split(' ').filter((word) => word !== '');
    this.#bounds = new Uint32Array(words.length * 2);
    words.forEach((word, index) => {
      const [start = '', end = start] = word.split('-');
      this.#bounds[index * 2] = Number.parseInt(start, 16);
      this.#bounds[index * 2 + 1] = Number.parseInt(end, 16);
    });
  }

  has(codePoint: number): boolean {
    let low = 0;
    let high = this.#bounds.length / 2 - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (codePoint < this.#bounds[middle * 2]!) {
        high = middle - 1;
      } else if (codePoint > this.#bounds[middle * 2 + 1]!) {
        low = middle + 1;
      } else {
        return true;
      }
    }
    return false;
  }
}

const MAPPED_TO_NOTHING_SET = new CodePointSet(MAPPED_TO_NOTHING);
const NON_ASCII_SPACE_SET = new CodePointSet(NON_ASCII_SPACE);
const PROHIBITED_SET = new CodePointSet(PROHIBITED);
const RAND_AL_CAT_SET = new CodePointSet(RAND_AL_CAT);
const L_CAT_SET = new CodePointSet(L_CAT);

/** Why SASLprep rejected a string: the RFC 4013 rule and, where one is to blame, the code point. */
export interface SaslprepProblem {
  readonly rule: 'prohibited' | 'bidi-mixed' | 'bidi-ends';
  /** The offending code point, e.g. `U+0007`; null for the bidirectional rules. */
  readonly codePoint: string | null;
}

export type SaslprepResult =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: SaslprepProblem };

function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Prepares a user name or password with SASLprep (RFC 4013) as a query string, as PLAIN
 * (RFC 4616) and SCRAM (RFC 5802, section 5.1) require. Non-ASCII spaces become U+0020, the
 * characters of table B.1 are removed, and the result is NFKC-normalised. Prohibited characters
 * and invalid bidirectional text are rejected. Unassigned code points are allowed, as they are
 * for queries.
 *
 * NOTE: NFKC comes from the runtime's Unicode version, not Unicode 3.2 as RFC 3454 fixes. The
 * two differ only for characters added after 3.2, which a server running the same rule on an old
 * table may normalise differently.
 */
export function saslprep(input: string): SaslprepResult {
  const mapped: number[] = [];
  for (const char of input) {
    const codePoint = char.codePointAt(0)!;
    if (MAPPED_TO_NOTHING_SET.has(codePoint)) {
      continue;
    }
    mapped.push(NON_ASCII_SPACE_SET.has(codePoint) ? 0x20 : codePoint);
  }
  const normalized = mapped
    .map((codePoint) => String.fromCodePoint(codePoint))
    .join('')
    .normalize('NFKC');
  const codePoints = Array.from(normalized, (char) => char.codePointAt(0)!);

  const prohibited = codePoints.find((codePoint) => PROHIBITED_SET.has(codePoint));
  if (prohibited !== undefined) {
    return {
      ok: false,
      problem: { rule: 'prohibited', codePoint: formatCodePoint(prohibited) },
    };
  }

  // RFC 3454, section 6: right-to-left text must not mix with left-to-right letters, and must
  // start and end with a right-to-left character.
  const hasRandAl = codePoints.some((codePoint) => RAND_AL_CAT_SET.has(codePoint));
  if (hasRandAl) {
    if (codePoints.some((codePoint) => L_CAT_SET.has(codePoint))) {
      return { ok: false, problem: { rule: 'bidi-mixed', codePoint: null } };
    }
    if (!RAND_AL_CAT_SET.has(codePoints[0]!) || !RAND_AL_CAT_SET.has(codePoints.at(-1)!)) {
      return { ok: false, problem: { rule: 'bidi-ends', codePoint: null } };
    }
  }
  return { ok: true, value: normalized };
}

/** Returns a sentence that explains a SASLprep rejection for a named field. */
export function describeSaslprepProblem(field: string, problem: SaslprepProblem): string {
  switch (problem.rule) {
    case 'prohibited':
      return `The ${field} contains ${problem.codePoint}, which SASLprep (RFC 4013) prohibits; remove it.`;
    case 'bidi-mixed':
      return `The ${field} mixes right-to-left and left-to-right letters, which SASLprep (RFC 4013) prohibits.`;
    case 'bidi-ends':
      return `The ${field} contains right-to-left text but does not start and end with it, which SASLprep (RFC 4013) prohibits.`;
  }
}
