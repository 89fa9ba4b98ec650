import { useEffect, useId, useState } from 'react';

import type { SearchResults } from '../terminal/terminal-view';
import { useFeatures, useTabUi } from '../store/feature-context';
import { useTerminals } from '../store/store-context';
import { copyText } from '../ui/clipboard';

/** Search in the terminal's scrollback, and copying its selection as plain text. */
export function TerminalSearch({ sessionId }: Readonly<{ sessionId: string }>) {
  const terminals = useTerminals();
  const { tabs } = useFeatures();
  const { search } = useTabUi(sessionId);
  const [results, setResults] = useState<SearchResults | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const id = useId();

  useEffect(() => {
    const view = terminals.sinkOf(sessionId);
    return view?.onSearchResults(setResults);
  }, [terminals, sessionId]);

  const find = (backwards: boolean): void => {
    const view = terminals.sinkOf(sessionId);
    if (view === undefined || search === '') {
      return;
    }
    const found = view.find(search, backwards);
    setStatus(found ? null : `No match for "${search}".`);
  };

  const copySelection = async (): Promise<void> => {
    const text = terminals.sinkOf(sessionId)?.selection() ?? '';
    if (text === '') {
      setStatus('Select text in the terminal first.');
      return;
    }
    setStatus((await copyText(text)) ?? `Copied ${text.length} characters as plain text.`);
  };

  const count =
    results === null || search === ''
      ? ''
      : results.count === 0
        ? 'no matches'
        : `${results.index} of ${results.count}`;

  return (
    <div className="terminal-search" role="search">
      <label htmlFor={id}>Search output</label>
      <input
        id={id}
        type="search"
        value={search}
        spellCheck={false}
        onChange={(event) => {
          tabs.set(sessionId, { search: event.target.value });
          if (event.target.value === '') {
            terminals.sinkOf(sessionId)?.clearSearch();
          }
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            find(event.shiftKey);
          }
        }}
      />
      <button type="button" onClick={() => find(true)} aria-label="Previous match">
        ↑
      </button>
      <button type="button" onClick={() => find(false)} aria-label="Next match">
        ↓
      </button>
      {/* Not an <output>: its implicit status role would compete with the status bar. */}
      <span className="terminal-search-count" aria-live="polite">
        {count}
      </span>
      <button type="button" onClick={() => void copySelection()}>
        Copy selection
      </button>
      {status === null ? null : <span className="terminal-search-status">{status}</span>}
    </div>
  );
}
