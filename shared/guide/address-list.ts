import { encodeWords, isAscii } from './header-encoding';

/** One entry of an address list: `Alice <alice@example.com>` or `alice@example.com`. */
export interface ListedAddress {
  /** The entry as typed, trimmed. */
  readonly text: string;
  /** The display name without quotes; empty when there is none. */
  readonly name: string;
  /** The address for the envelope (MAIL FROM or RCPT TO). */
  readonly address: string;
}

/** Reads the address of `Alice <alice@example.com>` or `alice@example.com`. */
export function envelopeAddress(text: string): string {
  const bracketed = /<([^<>]*)>/.exec(text);
  return (bracketed?.[1] ?? text).trim();
}

/**
 * Splits an address list such as `a@x, "Doe, Jo" <b@y>` at the commas that separate entries
 * (RFC 5322, section 3.4), not at commas in quotes or angle brackets. Empty entries are dropped.
 */
export function splitAddressList(text: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let bracketed = false;
  for (const character of text) {
    if (character === '"' && !bracketed) {
      quoted = !quoted;
    } else if (character === '<' && !quoted) {
      bracketed = true;
    } else if (character === '>' && !quoted) {
      bracketed = false;
    } else if (character === ',' && !quoted && !bracketed) {
      entries.push(current);
      current = '';
      continue;
    }
    current += character;
  }
  entries.push(current);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** Reads each entry of an address list with its display name and envelope address. */
export function parseAddressList(text: string): ListedAddress[] {
  return splitAddressList(text).map((entry) => {
    const bracket = entry.indexOf('<');
    const name =
      bracket < 0
        ? ''
        : entry
            .slice(0, bracket)
            .trim()
            .replace(/^"(.*)"$/, '$1');
    return { text: entry, name, address: envelopeAddress(entry) };
  });
}

/**
 * Returns the header tokens of an address list: ASCII entries as typed, and a non-ASCII display
 * name as encoded words (RFC 2047, section 5), which may stand in a phrase but not in quotes.
 */
export function addressListTokens(addresses: readonly ListedAddress[]): string[] {
  const tokens: string[] = [];
  for (const [index, entry] of addresses.entries()) {
    const separator = index < addresses.length - 1 ? ',' : '';
    if (isAscii(entry.name) || entry.name === '') {
      tokens.push(`${entry.text}${separator}`);
      continue;
    }
    tokens.push(...encodeWords(entry.name), `<${entry.address}>${separator}`);
  }
  return tokens;
}
