const TAB = 0x09;
const FIRST_PRINTABLE_ASCII = 0x20;
const LAST_PRINTABLE_ASCII = 0x7e;

/**
 * Code units per `String.fromCharCode` call. The call takes its arguments on the stack, so a
 * slice stays far below any engine's argument limit, and is large enough to cost little per unit.
 */
const TEXT_SLICE_UNITS = 8192;

/**
 * Returns the end of the run of bytes from `start` (before `limit`) that the formatter shows as
 * themselves: TAB and printable ASCII.
 */
export function printableAsciiEnd(bytes: Uint8Array, start: number, limit: number): number {
  let end = start;
  while (end < limit) {
    const byte = bytes[end]!;
    if ((byte < FIRST_PRINTABLE_ASCII || byte > LAST_PRINTABLE_ASCII) && byte !== TAB) {
      break;
    }
    end++;
  }
  return end;
}

/** Returns ASCII bytes as text, one code unit per byte. */
export function asciiText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let sliceStart = start; sliceStart < end; sliceStart += TEXT_SLICE_UNITS) {
    const slice = bytes.subarray(sliceStart, Math.min(end, sliceStart + TEXT_SLICE_UNITS));
    text += String.fromCharCode.apply(null, slice as unknown as number[]);
  }
  return text;
}
