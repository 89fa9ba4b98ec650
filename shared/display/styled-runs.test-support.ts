/** A stretch of formatter output in one style, given as the SGR parameter list after `0;`. */
export interface StyledRun {
  readonly style: string;
  readonly text: string;
}

// eslint-disable-next-line no-control-regex -- the formatter's SGR sequences start with ESC.
const OWN_SGR = /\x1b\[(?:0;([0-9;]+)|0)m/g;

/**
 * Splits formatter output into runs of one style each, merging neighbours of the same style,
 * so that outputs which differ only in where SGR sequences repeat compare equal.
 */
export function toStyledRuns(output: string): StyledRun[] {
  const runs: StyledRun[] = [];
  let style = '';
  let last = 0;

  const push = (text: string): void => {
    if (text === '') {
      return;
    }
    const previous = runs.at(-1);
    if (previous !== undefined && previous.style === style) {
      runs[runs.length - 1] = { style, text: previous.text + text };
    } else {
      runs.push({ style, text });
    }
  };

  for (const match of output.matchAll(OWN_SGR)) {
    push(output.slice(last, match.index));
    style = match[1] ?? '';
    last = match.index + match[0].length;
  }
  push(output.slice(last));
  return runs;
}

/** Removes the formatter's own SGR sequences, leaving the visible text and line breaks. */
export function stripSgr(output: string): string {
  return output.replace(OWN_SGR, '');
}
