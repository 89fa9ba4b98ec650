/** The parts of a parsed URL the link policy reads; both WHATWG URL classes provide them. */
export interface ParsedUrl {
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly href: string;
}

/** Schemes a link from server output may open. `file:`, `javascript:` and the rest never open. */
const OPENABLE_PROTOCOLS: ReadonlySet<string> = new Set(['http:', 'https:']);

/**
 * Returns the exact address to open for a link's text, or null when it must not open. The text
 * is parsed with `parse` (`new URL` of the DOM or of Node), and the result is the parser's
 * normalised form, which shows an internationalised host name in punycode. Links with a user
 * name or password are refused, because `https://bank.example@evil.example/` reads as a bank.
 */
export function openableHref(text: string, parse: (text: string) => ParsedUrl): string | null {
  let url: ParsedUrl;
  try {
    url = parse(text);
  } catch {
    return null;
  }
  if (!OPENABLE_PROTOCOLS.has(url.protocol)) {
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    return null;
  }
  return url.href;
}

/** Returns the question asked before a link from a server opens, with its exact address. */
export function linkConfirmationText(href: string): string {
  return `Open this address in your web browser?\n\n${href}\n\nThe mail server sent it; open it only if you trust it.`;
}
