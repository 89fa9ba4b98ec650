const TAB = 0x09;
const DEL = 0x7f;

/**
 * Non-ASCII code points that are shown as `<U+XXXX>` instead of themselves. They are the C1
 * controls (xterm would obey U+009B as CSI) and surrogates (only a JavaScript string can carry
 * one). Also escaped are line and paragraph separators, format characters such as the bidi
 * overrides, and the other default ignorable code points, because they are invisible and could
 * hide or reorder what the user reads.
 */
const ESCAPED_NON_ASCII = /^[\p{Cc}\p{Cs}\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]$/u;

/**
 * Variation selectors are default ignorable but only pick a glyph variant (text or emoji style)
 * of the character before them, so they cannot hide or reorder anything.
 */
function isVariationSelector(codePoint: number): boolean {
  return (
    (codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef)
  );
}

/**
 * Returns the visible stand-in for a code point that must not reach the terminal as itself, or
 * undefined when it may be shown as is. C0 controls and DEL use caret notation (`^[`, `^@`,
 * `^?`); TAB passes, since it only moves the cursor to the next tab stop.
 */
export function escapeCodePoint(codePoint: number): string | undefined {
  if (codePoint < 0x20) {
    return C0_CARETS[codePoint];
  }
  if (codePoint < DEL) {
    return undefined;
  }
  if (codePoint === DEL) {
    return '^?';
  }
  if (isVariationSelector(codePoint)) {
    return undefined;
  }
  return ESCAPED_NON_ASCII.test(String.fromCodePoint(codePoint))
    ? formatCodePoint(codePoint)
    : undefined;
}

/** Formats a code point in Unicode notation, e.g. `<U+202E>` or `<U+1F600>`. */
export function formatCodePoint(codePoint: number): string {
  return `<U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}>`;
}

/** Formats a byte that is not part of valid UTF-8, e.g. `<9B>`. */
export function formatInvalidByte(byte: number): string {
  return INVALID_BYTE_TEXTS[byte] ?? `<${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
}

/**
 * Caret notation of each C0 control, built once because a binary flood escapes most of its
 * bytes. TAB has none, because it passes unescaped.
 */
const C0_CARETS: readonly (string | undefined)[] = Array.from({ length: 0x20 }, (_, code) =>
  code === TAB ? undefined : '^' + String.fromCharCode(code + 0x40),
);

/** `<00>` to `<FF>`, built once for the same reason. */
const INVALID_BYTE_TEXTS: readonly string[] = Array.from(
  { length: 0x100 },
  (_, byte) => `<${byte.toString(16).toUpperCase().padStart(2, '0')}>`,
);
