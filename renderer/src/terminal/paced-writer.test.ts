import { describe, expect, it } from 'vitest';

import { MAX_PORTION_CHARS, PacedWriter, type WriteTarget } from './paced-writer';
import { MAX_WRITE_SLICE_CHARS } from './write-slices';

/** Stands in for xterm.js: keeps each write and its callback until the test parses them. */
class FakeTerminal implements WriteTarget {
  readonly written: string[] = [];
  readonly #pending: ((() => void) | undefined)[] = [];

  write(data: string, callback?: () => void): void {
    this.written.push(data);
    this.#pending.push(callback);
  }

  get pendingWrites(): number {
    return this.#pending.length;
  }

  /** Parses every pending write in order, calling its callback, as xterm's write loop does. */
  parseAll(): void {
    while (this.#pending.length > 0) {
      this.#pending.shift()?.();
    }
  }
}

function makeWriter() {
  const terminal = new FakeTerminal();
  const tasks: (() => void)[] = [];
  const writer = new PacedWriter(terminal, (task) => tasks.push(task));
  const runTasks = (): void => {
    while (tasks.length > 0) {
      tasks.shift()!();
    }
  };
  return { terminal, tasks, writer, runTasks };
}

describe('PacedWriter', () => {
  it('writes small text at once', () => {
    const { terminal, writer } = makeWriter();
    writer.write('S: 220 ready\r\n', () => undefined);
    expect(terminal.written).toEqual(['S: 220 ready\r\n']);
  });

  it('calls back after the last slice is parsed', () => {
    const { terminal, writer, runTasks } = makeWriter();
    const acknowledged: string[] = [];
    writer.write('x'.repeat(MAX_WRITE_SLICE_CHARS * 2 + 10), () => acknowledged.push('big'));
    writer.write('y', () => acknowledged.push('small'));
    expect(terminal.written).toHaveLength(3);
    expect(acknowledged).toEqual([]);

    terminal.parseAll();
    expect(acknowledged).toEqual(['big']);
    runTasks();
    terminal.parseAll();
    expect(acknowledged).toEqual(['big', 'small']);
  });

  it('waits for a portion before writing more', () => {
    const { terminal, tasks, writer, runTasks } = makeWriter();
    const text = 'z'.repeat(MAX_WRITE_SLICE_CHARS);
    const portionSlices = MAX_PORTION_CHARS / MAX_WRITE_SLICE_CHARS;
    for (let i = 0; i < portionSlices * 2 + 1; i++) {
      writer.write(text, () => undefined);
    }
    expect(terminal.written).toHaveLength(1);

    terminal.parseAll();
    expect(terminal.written).toHaveLength(1);
    expect(tasks).toHaveLength(1);

    runTasks();
    expect(terminal.written).toHaveLength(1 + portionSlices);
    terminal.parseAll();
    runTasks();
    expect(terminal.written).toHaveLength(1 + portionSlices * 2);
  });

  it('keeps every character in order', () => {
    const { terminal, writer, runTasks } = makeWriter();
    const texts = Array.from({ length: 40 }, (_, i) => `${i}:`.padEnd(20_000 + i * 997, '.'));
    for (const text of texts) {
      writer.write(text, () => undefined);
    }
    while (terminal.pendingWrites > 0) {
      terminal.parseAll();
      runTasks();
    }
    expect(terminal.written.join('')).toBe(texts.join(''));
    for (const slice of terminal.written) {
      expect(slice.length).toBeLessThanOrEqual(MAX_WRITE_SLICE_CHARS + 1);
    }
  });

  it('writes the next portion after a callback, not during it', () => {
    const { terminal, tasks, writer } = makeWriter();
    writer.write('first', () => writer.write('second', () => undefined));
    terminal.parseAll();
    expect(terminal.written).toEqual(['first']);
    expect(tasks).toHaveLength(1);
  });

  it('drops queued output on dispose', () => {
    const { terminal, writer, runTasks } = makeWriter();
    const acknowledged: number[] = [];
    for (let i = 0; i < 10; i++) {
      writer.write('w'.repeat(MAX_WRITE_SLICE_CHARS), () => acknowledged.push(i));
    }
    const written = terminal.written.length;
    writer.dispose();
    terminal.parseAll();
    runTasks();
    writer.write('after', () => acknowledged.push(99));
    expect(terminal.written).toHaveLength(written);
    expect(acknowledged).toEqual([0]);
  });
});
