import { maskCredentialLine } from '../../../shared/protocol/secrets';

/** `AUTH PLAIN`, `AUTHENTICATE PLAIN` or `a1 AUTHENTICATE PLAIN`: the start of a SASL exchange. */
const SASL_START = /^\s*(?:\S+\s+)?(?:AUTH|AUTHENTICATE)\s+\S+/i;
/** A base64 SASL response, or `=` for an empty one (RFC 4954, section 4). */
const SASL_RESPONSE = /^\s*(?:[A-Za-z0-9+/]+={0,2}|=)\s*$/;

/**
 * Returns the sent lines that may go into the command history, in order. It leaves out lines the
 * engine masked, lines that carry a credential by their form alone, and base64 lines after the
 * start of a SASL exchange in the same send. The engine can miss those responses when the AUTH
 * line itself was still waiting for an earlier reply as they arrived.
 */
export function linesForHistory(
  lines: readonly string[],
  maskedIndexes: ReadonlySet<number>,
): string[] {
  const kept: string[] = [];
  let inSaslExchange = false;
  lines.forEach((line, index) => {
    const secret =
      maskedIndexes.has(index) ||
      maskCredentialLine(line) !== line ||
      (inSaslExchange && SASL_RESPONSE.test(line));
    if (SASL_START.test(line)) {
      inSaslExchange = true;
    } else if (!SASL_RESPONSE.test(line)) {
      inSaslExchange = false;
    }
    if (!secret) {
      kept.push(line);
    }
  });
  return kept;
}
