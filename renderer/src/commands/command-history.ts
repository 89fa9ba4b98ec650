/** Maximum number of sent lines kept per session for the up and down arrows. Older ones go first. */
export const MAX_HISTORY_ENTRIES = 500;

/**
 * The lines a session has sent, browsed like a shell's history: the first step back saves the
 * text being typed, and stepping forward past the newest line brings it back.
 */
export class CommandHistory {
  readonly #entries: string[] = [];
  /** Index of the entry on show while browsing, or null while the user types their own text. */
  #cursor: number | null = null;
  #savedDraft = '';

  get entries(): readonly string[] {
    return this.#entries;
  }

  /** Records a sent line, skipping empty lines and a repeat of the newest entry. */
  add(line: string): void {
    this.#cursor = null;
    if (line === '' || this.#entries.at(-1) === line) {
      return;
    }
    this.#entries.push(line);
    if (this.#entries.length > MAX_HISTORY_ENTRIES) {
      this.#entries.splice(0, this.#entries.length - MAX_HISTORY_ENTRIES);
    }
  }

  /** Returns the next older entry, or undefined when there is none. */
  previous(currentText: string): string | undefined {
    if (this.#cursor === null) {
      if (this.#entries.length === 0) {
        return undefined;
      }
      this.#savedDraft = currentText;
      this.#cursor = this.#entries.length - 1;
    } else if (this.#cursor > 0) {
      this.#cursor--;
    } else {
      return undefined;
    }
    return this.#entries[this.#cursor];
  }

  /** Returns the next newer entry, the saved draft after the newest, or undefined when not browsing. */
  next(): string | undefined {
    if (this.#cursor === null) {
      return undefined;
    }
    if (this.#cursor < this.#entries.length - 1) {
      this.#cursor++;
      return this.#entries[this.#cursor];
    }
    this.#cursor = null;
    return this.#savedDraft;
  }

  /** Stops browsing, e.g. when the user edits the recalled text: it becomes their own draft. */
  stopBrowsing(): void {
    this.#cursor = null;
  }
}
