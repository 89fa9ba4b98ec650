/** Characters that a POSIX shell takes literally in an unquoted word. */
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one argument for a POSIX shell (sh, bash, zsh). A word of safe characters stays as it
 * is. Anything else goes in single quotes, where the shell expands nothing. A single quote
 * inside becomes `'\''`: end the quote, an escaped quote, start a new quote.
 */
export function quoteShellArgument(argument: string): string {
  if (SAFE_WORD.test(argument)) {
    return argument;
  }
  return `'${argument.replace(/'/g, `'\\''`)}'`;
}

/** Joins a command and its arguments into one line for a POSIX shell. */
export function shellCommandLine(words: readonly string[]): string {
  return words.map(quoteShellArgument).join(' ');
}
