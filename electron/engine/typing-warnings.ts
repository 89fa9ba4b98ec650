import type { ProtocolId } from '../../shared/presets';
import { ehloNameWarning } from '../../shared/protocol/ehlo-name';
import { handBuiltPlainWarning } from '../../shared/sasl/hand-built';

/** A line of message content with one leading dot and more after it, which SMTP unstuffs. */
const UNSTUFFED_DOT_LINE = /^\.[^.]/;

/**
 * Returns a warning for a typed line that servers commonly reject for a known reason: an EHLO
 * without a proper name, or a hand-built AUTH PLAIN string with a mistake. The line still goes
 * out as typed; `localAddressLiteral` is suggested as the EHLO name.
 */
export function typedLineWarning(
  protocol: ProtocolId,
  line: string,
  localAddressLiteral: string | null,
): string | null {
  const ehloWarning = protocol === 'smtp' ? ehloNameWarning(line, localAddressLiteral) : null;
  return ehloWarning ?? handBuiltPlainWarning(line);
}

/**
 * Returns a warning for a typed line of SMTP message content that starts with a single dot: the
 * server removes that dot (RFC 5321, section 4.5.2), so the line arrives changed.
 */
export function messageContentWarning(line: string): string | null {
  return UNSTUFFED_DOT_LINE.test(line)
    ? 'This line of message content starts with one dot, which the server removes (RFC 5321, section 4.5.2). Start the line with two dots to keep one.'
    : null;
}
