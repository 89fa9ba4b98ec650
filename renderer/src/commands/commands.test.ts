import { describe, expect, it } from 'vitest';

import { makeError } from '../../../shared/errors';
import type { SendLineResult } from '../../../shared/session';
import { CommandHistory, MAX_HISTORY_ENTRIES } from './command-history';
import { sendLinesInOrder, splitCommandLines } from './command-lines';

describe('splitCommandLines', () => {
  const rows: (readonly [string, readonly string[]])[] = [
    ['', ['']],
    ['EHLO me', ['EHLO me']],
    ['MAIL FROM:<a@b>\nRCPT TO:<c@d>', ['MAIL FROM:<a@b>', 'RCPT TO:<c@d>']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\rb', ['a', 'b']],
    ['Subject: x\n\nbody\n.\n', ['Subject: x', '', 'body', '.']],
    ['\n', ['']],
    ['a\n\n', ['a', '']],
  ];

  it.each(rows)('splits %j', (draft, lines) => {
    expect(splitCommandLines(draft)).toEqual(lines);
  });
});

describe('sendLinesInOrder', () => {
  it('sends every line in order', async () => {
    const sent: string[] = [];
    const accepted: number[] = [];
    const outcome = await sendLinesInOrder(
      ['a', 'b', 'c'],
      (line) => {
        sent.push(line);
        return Promise.resolve({ sent: true });
      },
      (index) => accepted.push(index),
    );
    expect(sent).toEqual(['a', 'b', 'c']);
    expect(accepted).toEqual([0, 1, 2]);
    expect(outcome).toEqual({ sentCount: 3, failure: null });
  });

  it('stops at the first rejected line', async () => {
    const sent: string[] = [];
    const error = makeError('INPUT_HELD_FOR_STARTTLS');
    const outcome = await sendLinesInOrder(
      ['a', 'b', 'c'],
      (line): Promise<SendLineResult> => {
        sent.push(line);
        return Promise.resolve(line === 'b' ? { sent: false, error } : { sent: true });
      },
      () => undefined,
    );
    expect(sent).toEqual(['a', 'b']);
    expect(outcome).toEqual({ sentCount: 1, failure: { error } });
  });

  it('stops when sending throws', async () => {
    const failure = new Error('link closed');
    const outcome = await sendLinesInOrder(
      ['a', 'b'],
      () => Promise.reject(failure),
      () => undefined,
    );
    expect(outcome).toEqual({ sentCount: 0, failure: { thrown: failure } });
  });

  it('waits for each line before sending the next', async () => {
    const resolvers: (() => void)[] = [];
    const sent: string[] = [];
    const done = sendLinesInOrder(
      ['a', 'b'],
      (line) => {
        sent.push(line);
        return new Promise<SendLineResult>((resolve) =>
          resolvers.push(() => resolve({ sent: true })),
        );
      },
      () => undefined,
    );
    await Promise.resolve();
    expect(sent).toEqual(['a']);
    resolvers[0]!();
    await expect.poll(() => sent).toEqual(['a', 'b']);
    resolvers[1]!();
    await expect(done).resolves.toEqual({ sentCount: 2, failure: null });
  });
});

describe('CommandHistory', () => {
  it('browses back and forward to the saved draft', () => {
    const history = new CommandHistory();
    history.add('EHLO a');
    history.add('NOOP');

    expect(history.previous('typing')).toBe('NOOP');
    expect(history.previous('NOOP')).toBe('EHLO a');
    expect(history.previous('EHLO a')).toBeUndefined();
    expect(history.next()).toBe('NOOP');
    expect(history.next()).toBe('typing');
    expect(history.next()).toBeUndefined();
  });

  it('has nothing to recall when empty', () => {
    expect(new CommandHistory().previous('x')).toBeUndefined();
  });

  it('skips empty lines and repeats of the newest entry', () => {
    const history = new CommandHistory();
    history.add('NOOP');
    history.add('NOOP');
    history.add('');
    history.add('QUIT');
    history.add('NOOP');
    expect(history.entries).toEqual(['NOOP', 'QUIT', 'NOOP']);
  });

  it('keeps at most MAX_HISTORY_ENTRIES lines', () => {
    const history = new CommandHistory();
    for (let i = 0; i <= MAX_HISTORY_ENTRIES; i++) {
      history.add(`line ${i}`);
    }
    expect(history.entries).toHaveLength(MAX_HISTORY_ENTRIES);
    expect(history.entries[0]).toBe('line 1');
    expect(history.entries.at(-1)).toBe(`line ${MAX_HISTORY_ENTRIES}`);
  });

  it('starts again from the newest entry after a line is added', () => {
    const history = new CommandHistory();
    history.add('a');
    history.add('b');
    history.previous('');
    history.previous('');
    history.add('c');
    expect(history.previous('')).toBe('c');
  });
});
