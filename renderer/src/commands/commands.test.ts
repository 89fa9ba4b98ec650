import { describe, expect, it } from 'vitest';

import { makeError } from '../../../shared/errors';
import type { SendLinesResult } from '../../../shared/session';
import { CommandHistory, MAX_HISTORY_ENTRIES } from './command-history';
import { CHUNK_MAX_LINES, chunkLines, sendLinesInChunks, splitCommandLines } from './command-lines';

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

describe('chunkLines', () => {
  it('splits by line count', () => {
    expect(chunkLines(['a', 'b', 'c', 'd', 'e'], 2, 100)).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
  });

  it('splits by length', () => {
    expect(chunkLines(['aaa', 'bbb', 'c'], 10, 6)).toEqual([['aaa', 'bbb'], ['c']]);
    expect(chunkLines(['aaa', 'bbbb', 'c'], 10, 6)).toEqual([['aaa'], ['bbbb', 'c']]);
  });

  it('gives an overlong line a chunk of its own', () => {
    expect(chunkLines(['a', 'x'.repeat(20), 'b'], 10, 5)).toEqual([['a'], ['x'.repeat(20)], ['b']]);
  });

  it('keeps one empty line', () => {
    expect(chunkLines([''])).toEqual([['']]);
  });

  it('keeps every line of a large paste in order', () => {
    const lines = Array.from({ length: CHUNK_MAX_LINES * 2 + 1 }, (_, index) => `line ${index}`);
    const chunks = chunkLines(lines);
    expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK_MAX_LINES, CHUNK_MAX_LINES, 1]);
    expect(chunks.flat()).toEqual(lines);
  });
});

/** An engine stand-in for one session: accepts lines until `refuse` returns true. */
function engineSending(refuse: (line: string) => boolean = () => false) {
  const requests: string[][] = [];
  const send = (chunk: readonly string[]): Promise<SendLinesResult> => {
    requests.push([...chunk]);
    const refused = chunk.findIndex(refuse);
    if (refused >= 0) {
      const error = makeError('INPUT_HELD_FOR_STARTTLS');
      return Promise.resolve({ sentCount: refused, maskedIndexes: [], error });
    }
    const maskedIndexes = chunk.flatMap((line, index) => (line.startsWith('PASS') ? [index] : []));
    return Promise.resolve({ sentCount: chunk.length, maskedIndexes, error: null });
  };
  return { requests, send };
}

describe('sendLinesInChunks', () => {
  it('sends a small paste in one request', async () => {
    const engine = engineSending();
    const outcome = await sendLinesInChunks(['a', 'b', 'c'], engine.send, () => undefined);
    expect(engine.requests).toEqual([['a', 'b', 'c']]);
    expect(outcome).toEqual({ sentCount: 3, maskedIndexes: [], failure: null });
  });

  it('stops at the first rejected line', async () => {
    const engine = engineSending((line) => line === 'b');
    const outcome = await sendLinesInChunks(['a', 'b', 'c'], engine.send, () => undefined);
    expect(outcome.sentCount).toBe(1);
    expect(outcome.failure).toEqual({ error: makeError('INPUT_HELD_FOR_STARTTLS') });
  });

  it('stops in a later chunk and sends nothing after it', async () => {
    const lines = Array.from({ length: CHUNK_MAX_LINES * 3 }, (_, index) => `line ${index}`);
    const refusedLine = `line ${CHUNK_MAX_LINES + 5}`;
    const engine = engineSending((line) => line === refusedLine);
    const progress: number[] = [];
    const outcome = await sendLinesInChunks(lines, engine.send, (sent) => progress.push(sent));
    expect(engine.requests).toHaveLength(2);
    expect(outcome.sentCount).toBe(CHUNK_MAX_LINES + 5);
    expect(progress).toEqual([CHUNK_MAX_LINES]);
  });

  it('reports masked lines by their index in the whole paste', async () => {
    const lines = Array.from({ length: CHUNK_MAX_LINES + 2 }, () => 'NOOP');
    lines[1] = 'PASS one';
    lines[CHUNK_MAX_LINES + 1] = 'PASS two';
    const outcome = await sendLinesInChunks(lines, engineSending().send, () => undefined);
    expect(outcome.maskedIndexes).toEqual([1, CHUNK_MAX_LINES + 1]);
  });

  it('stops when sending throws', async () => {
    const failure = new Error('link closed');
    const outcome = await sendLinesInChunks(
      ['a', 'b'],
      () => Promise.reject(failure),
      () => undefined,
    );
    expect(outcome).toEqual({ sentCount: 0, maskedIndexes: [], failure: { thrown: failure } });
  });

  it('waits for each request before sending the next', async () => {
    const lines = Array.from({ length: CHUNK_MAX_LINES + 1 }, (_, index) => `line ${index}`);
    const resolvers: (() => void)[] = [];
    const requests: number[] = [];
    const done = sendLinesInChunks(
      lines,
      (chunk) => {
        requests.push(chunk.length);
        return new Promise<SendLinesResult>((resolve) =>
          resolvers.push(() =>
            resolve({ sentCount: chunk.length, maskedIndexes: [], error: null }),
          ),
        );
      },
      () => undefined,
    );
    await Promise.resolve();
    expect(requests).toEqual([CHUNK_MAX_LINES]);
    resolvers[0]!();
    await expect.poll(() => requests).toEqual([CHUNK_MAX_LINES, 1]);
    resolvers[1]!();
    await expect(done).resolves.toMatchObject({ sentCount: lines.length, failure: null });
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
