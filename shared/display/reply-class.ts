import type { ProtocolId } from '../presets';

/**
 * The meaning of a server line at a glance, decided from its first characters.
 * - `success`: SMTP 2xx, POP3 `+OK`, IMAP `OK` (tagged or untagged) and untagged `PREAUTH`.
 * - `intermediate`: SMTP 3xx (the server waits for more, e.g. `354` or `334`).
 * - `continuation`: POP3 and IMAP `+ ` (the server waits for more input).
 * - `transient-failure`: SMTP 4xx and IMAP `NO`; the command failed but may work later or
 *   with other arguments.
 * - `permanent-failure`: SMTP 5xx, POP3 `-ERR`, IMAP `BAD` and untagged `BYE`.
 * - `unclassified`: anything else (IMAP untagged data, raw sessions, text that is no reply).
 */
export type ReplyCategory =
  | 'success'
  | 'intermediate'
  | 'continuation'
  | 'transient-failure'
  | 'permanent-failure'
  | 'unclassified';

export interface ReplyClass {
  readonly category: ReplyCategory;
  /** The status token in upper case: `250`, `+OK`, `-ERR`, `+`, `OK`, `BYE`; null when unclassified. */
  readonly status: string | null;
  /** The IMAP tag (`*` for untagged responses); null for other protocols. */
  readonly tag: string | null;
}

export const UNCLASSIFIED: ReplyClass = { category: 'unclassified', status: null, tag: null };

/**
 * Classifies a server line from its start.
 *
 * `text` is the line so far, without its line ending. When `complete` is false more text may
 * follow, and the result is `undefined` while the start is still ambiguous (`25` could become
 * `250 ok` or `25 apples`). When `complete` is true the result is always defined.
 */
export function classifyReplyStart(
  protocol: ProtocolId,
  text: string,
  complete: boolean,
): ReplyClass | undefined {
  switch (protocol) {
    case 'smtp':
      return classifySmtp(text, complete);
    case 'pop3':
      return classifyPop3(text, complete);
    case 'imap':
      return classifyImap(text, complete);
    case 'raw':
      return UNCLASSIFIED;
  }
}

const SMTP_CATEGORIES: Readonly<Record<string, ReplyCategory>> = {
  '2': 'success',
  '3': 'intermediate',
  '4': 'transient-failure',
  '5': 'permanent-failure',
};

const SMTP_CODE_LENGTH = 3;

/** RFC 5321 replies: three digits, the first 2 to 5, then a space, a hyphen or the line end. */
function classifySmtp(text: string, complete: boolean): ReplyClass | undefined {
  const first = text[0];
  if (first === undefined) {
    return complete ? UNCLASSIFIED : undefined;
  }
  const category = SMTP_CATEGORIES[first];
  if (category === undefined) {
    return UNCLASSIFIED;
  }

  for (let i = 1; i < SMTP_CODE_LENGTH; i++) {
    const char = text[i];
    if (char === undefined) {
      return complete ? UNCLASSIFIED : undefined;
    }
    if (!isAsciiDigit(char)) {
      return UNCLASSIFIED;
    }
  }

  const separator = text[SMTP_CODE_LENGTH];
  if (separator === undefined && !complete) {
    return undefined;
  }
  if (separator !== undefined && separator !== ' ' && separator !== '-') {
    return UNCLASSIFIED;
  }
  return { category, status: text.slice(0, SMTP_CODE_LENGTH), tag: null };
}

interface StatusWord {
  readonly word: string;
  readonly category: ReplyCategory;
}

const POP3_STATUS_WORDS: readonly StatusWord[] = [
  { word: '+OK', category: 'success' },
  { word: '-ERR', category: 'permanent-failure' },
  // RFC 5034: a SASL challenge is "+" SP base64; some servers send a bare "+".
  { word: '+', category: 'continuation' },
];

function classifyPop3(text: string, complete: boolean): ReplyClass | undefined {
  const match = matchStatusWords(text, 0, POP3_STATUS_WORDS, complete);
  if (match === undefined || match === null) {
    return match === null ? UNCLASSIFIED : undefined;
  }
  return { category: match.category, status: match.word, tag: null };
}

const IMAP_UNTAGGED_WORDS: readonly StatusWord[] = [
  { word: 'OK', category: 'success' },
  { word: 'NO', category: 'transient-failure' },
  { word: 'BAD', category: 'permanent-failure' },
  { word: 'BYE', category: 'permanent-failure' },
  { word: 'PREAUTH', category: 'success' },
];

const IMAP_TAGGED_WORDS: readonly StatusWord[] = [
  { word: 'OK', category: 'success' },
  { word: 'NO', category: 'transient-failure' },
  { word: 'BAD', category: 'permanent-failure' },
];

const IMAP_CONTINUATION: readonly StatusWord[] = [{ word: '+', category: 'continuation' }];

/**
 * ASCII codes allowed in an IMAP tag: RFC 3501 atom characters other than `+`. Controls, space,
 * non-ASCII and the atom-specials `(){%*"\]` are excluded; `*` among them, so an untagged `*` is
 * handled before tags are checked.
 */
const IMAP_TAG_CHARS: Uint8Array = (() => {
  const allowed = new Uint8Array(0x80);
  for (let code = 0x21; code < 0x7f; code++) {
    allowed[code] = '(){%*"\\]+'.includes(String.fromCharCode(code)) ? 0 : 1;
  }
  return allowed;
})();

function classifyImap(text: string, complete: boolean): ReplyClass | undefined {
  const continuation = matchStatusWords(text, 0, IMAP_CONTINUATION, complete);
  if (continuation === undefined) {
    return undefined;
  }
  if (continuation !== null) {
    return { category: 'continuation', status: '+', tag: null };
  }

  const space = text.indexOf(' ');
  if (space === 0) {
    return UNCLASSIFIED;
  }
  const tag = space < 0 ? text : text.slice(0, space);
  const untagged = tag === '*';
  if (!untagged && !isImapTag(tag)) {
    return UNCLASSIFIED;
  }
  if (space < 0) {
    return complete ? UNCLASSIFIED : undefined;
  }

  const words = untagged ? IMAP_UNTAGGED_WORDS : IMAP_TAGGED_WORDS;
  const match = matchStatusWords(text, space + 1, words, complete);
  if (match === undefined || match === null) {
    return match === null ? UNCLASSIFIED : undefined;
  }
  return { category: match.category, status: match.word, tag };
}

/**
 * Finds the status word at `start` that a space or the end of the line follows. Returns null
 * when none can match and `undefined` while one still might. Words compare without regard to
 * case, because IMAP defines them so and lenient POP3 servers exist.
 */
function matchStatusWords(
  text: string,
  start: number,
  words: readonly StatusWord[],
  complete: boolean,
): StatusWord | null | undefined {
  let undecided = false;
  for (const candidate of words) {
    const outcome = matchWord(text, start, candidate.word, complete);
    if (outcome === 'match') {
      return candidate;
    }
    if (outcome === 'undecided') {
      undecided = true;
    }
  }
  return undecided ? undefined : null;
}

function matchWord(
  text: string,
  start: number,
  word: string,
  complete: boolean,
): 'match' | 'mismatch' | 'undecided' {
  const available = text.length - start;
  const compared = Math.min(available, word.length);
  for (let i = 0; i < compared; i++) {
    if (asciiUpperCase(text.charCodeAt(start + i)) !== word.charCodeAt(i)) {
      return 'mismatch';
    }
  }
  if (available < word.length) {
    return complete ? 'mismatch' : 'undecided';
  }
  if (available === word.length) {
    return complete ? 'match' : 'undecided';
  }
  return text[start + word.length] === ' ' ? 'match' : 'mismatch';
}

/** Checks a tag that may still grow: an empty one is not invalid yet. */
function isImapTag(tag: string): boolean {
  for (let i = 0; i < tag.length; i++) {
    if (IMAP_TAG_CHARS[tag.charCodeAt(i)] !== 1) {
      return false;
    }
  }
  return true;
}

/** Upper-cases ASCII letters only, so that no other script's case mapping can forge a match. */
function asciiUpperCase(code: number): number {
  return code >= 0x61 && code <= 0x7a ? code - 0x20 : code;
}

function isAsciiDigit(char: string): boolean {
  return char >= '0' && char <= '9';
}
