import { describe, expect, it } from 'vitest';

import { concatBytes as concat, latin1Bytes as latin1 } from '../bytes/byte-arrays';
import { encodeUtf8 } from '../encoding/base64';
import type { ProtocolId } from '../presets';
import { MAX_ANNOTATED_CHALLENGE_CHARS } from '../sasl/challenge-text';
import type { OutputEntry } from '../session';
import { MAX_CLASSIFY_PREFIX_CHARS, OutputFormatter } from './output-formatter';

/**
 * The printable-run fast path must produce exactly what the byte-by-byte path produces, for
 * every input and however it is split into entries and calls. These tests feed both the same
 * calls and compare each call's output.
 */

const PROTOCOLS: readonly ProtocolId[] = ['smtp', 'imap', 'pop3', 'raw'];

/** A seeded generator, so that a failing random case can be reproduced from its seed. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

/** Formats the same calls with and without the fast path and returns both outputs per call. */
function formatBoth(
  protocol: ProtocolId,
  calls: readonly (readonly OutputEntry[])[],
): { readonly fast: string[]; readonly reference: string[] } {
  const fast = new OutputFormatter(protocol);
  const reference = new OutputFormatter(protocol, { printableRuns: false });
  return {
    fast: calls.map((entries) => fast.format(entries)),
    reference: calls.map((entries) => reference.format(entries)),
  };
}

/** Splits bytes into server entries at random points, and the entries into random calls. */
function splitRandomly(bytes: Uint8Array, random: () => number): OutputEntry[][] {
  const calls: OutputEntry[][] = [[]];
  let offset = 0;
  while (offset < bytes.length) {
    const length = 1 + Math.floor(random() * random() * 300);
    calls.at(-1)!.push({ kind: 'server', bytes: bytes.slice(offset, offset + length) });
    offset += length;
    if (random() < 0.1) {
      calls.at(-1)!.push({ kind: 'client', text: 'NOOP', automatic: random() < 0.5 });
    }
    if (random() < 0.05) {
      calls.at(-1)!.push({ kind: 'note', level: 'info', text: 'a note' });
    }
    if (random() < 0.3) {
      calls.push([]);
    }
  }
  return calls;
}

/** Pieces that steer the formatter's state: replies, literals, challenges, CR, UTF-8, escapes. */
const PIECES: readonly string[] = [
  '250-mailtap.example ESMTP\r\n',
  '250 OK\r\n',
  '334 VXNlcm5hbWU6\r\n',
  '+ dXNlcm5hbWU=\r\n',
  '+OK POP3 ready\r\n',
  '-ERR no\r\n',
  '* 1 FETCH (BODY[] {12}\r\n',
  'hello {world\r\n',
  '* 2 FETCH (BODY[] ~{5}\r\n',
  '{3}\r\n',
  '{}\r\n',
  `{${'9'.repeat(25)}}\r\n`,
  'a1 OK done\r\n',
  'plain text with\ttab ',
  '\r',
  '\n',
  '\r\r\n',
  'caf\u00c3\u00a9 ',
  '\u00e2\u0082',
  '\u00f0\u009f\u0098\u0080',
  '\u00ff\u00fe\u0000\u001b\u009b\u00c3(\u0007',
  '\u001b]2;title',
  '\u001b[31m',
  '\u007f',
  '}',
  '{',
  '7',
  'x'.repeat(MAX_CLASSIFY_PREFIX_CHARS + 3),
];

function randomStream(random: () => number, pieceCount: number): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < pieceCount; i++) {
    const pick = random();
    if (pick < 0.7) {
      parts.push(latin1(PIECES[Math.floor(random() * PIECES.length)]!));
    } else if (pick < 0.85) {
      parts.push(latin1('A'.repeat(Math.floor(random() * 2000))));
    } else {
      parts.push(Uint8Array.from({ length: Math.floor(random() * 40) }, () => random() * 256));
    }
  }
  return concat(parts);
}

describe('OutputFormatter fast path against the byte-by-byte path', () => {
  it.each(PROTOCOLS)('%s: matches on random streams in random chunks', (protocol) => {
    for (let seed = 1; seed <= 150; seed++) {
      const random = makeRandom(seed);
      const calls = splitRandomly(randomStream(random, 60), random);
      const { fast, reference } = formatBoth(protocol, calls);
      expect(fast, `seed ${seed}`).toEqual(reference);
    }
  });

  it.each(PROTOCOLS)('%s: matches on random bytes', (protocol) => {
    const random = makeRandom(0x6469_6666);
    for (let round = 0; round < 200; round++) {
      const bytes = Uint8Array.from({ length: Math.floor(random() * 512) }, () => {
        const pick = random();
        return pick < 0.6 ? 0x20 + Math.floor(random() * 0x5f) : Math.floor(random() * 256);
      });
      const { fast, reference } = formatBoth(protocol, splitRandomly(bytes, random));
      expect(fast, `round ${round}`).toEqual(reference);
    }
  });

  it.each(PROTOCOLS)('%s: matches on every split of a short dialogue', (protocol) => {
    const bytes = latin1(
      '220 ready\r\n334 VXNlcm5hbWU6\r\n* 1 FETCH {5}\r\nab{3}\r\n{2}\r\nxy\r\nend\tx\r\r\n',
    );
    for (let cut = 0; cut <= bytes.length; cut++) {
      const calls = [
        [{ kind: 'server', bytes: bytes.slice(0, cut) } as const],
        [{ kind: 'server', bytes: bytes.slice(cut) } as const],
      ];
      const { fast, reference } = formatBoth(protocol, calls);
      expect(fast, `cut at ${cut}`).toEqual(reference);
    }
  });

  it('imap: matches where a literal ends inside a run of text', () => {
    const bytes = latin1('* 1 FETCH (BODY[] {10}\r\n0123456789 {4}\r\nabcd)\r\na1 OK\r\n');
    const { fast, reference } = formatBoth('imap', [[{ kind: 'server', bytes }]]);
    expect(fast).toEqual(reference);
  });

  it.each(['smtp', 'pop3', 'imap'] as const)(
    '%s: matches on a challenge at and past the annotation cap',
    (protocol) => {
      const start = protocol === 'smtp' ? '334 ' : '+ ';
      for (const extra of [-1, 0, 1, 2]) {
        const length = MAX_ANNOTATED_CHALLENGE_CHARS - start.length + extra;
        const bytes = latin1(`${start}${'QUFB'.repeat(length).slice(0, length)}\r\n`);
        const random = makeRandom(length);
        const { fast, reference } = formatBoth(protocol, splitRandomly(bytes, random));
        expect(fast, `${extra} past the cap`).toEqual(reference);
      }
    },
  );

  it.each(PROTOCOLS)('%s: matches on an unterminated OSC of 1 MiB', (protocol) => {
    const bytes = concat([
      latin1('220 ready\r\n\x1b]2;'),
      latin1('A'.repeat(1024 * 1024)),
      latin1('\r\n535 5.7.8 Authentication credentials invalid\r\n'),
    ]);
    const calls: OutputEntry[][] = [];
    for (let offset = 0; offset < bytes.length; offset += 64 * 1024) {
      calls.push([{ kind: 'server', bytes: bytes.slice(offset, offset + 64 * 1024) }]);
    }
    const { fast, reference } = formatBoth(protocol, calls);
    expect(fast).toEqual(reference);
  });

  it.each(PROTOCOLS)('%s: matches on a binary burst', (protocol) => {
    const pattern = [0xff, 0xfe, 0x00, 0x1b, 0x9b, 0xc3, 0x28, 0x07, 0x41, 0x7b, 0x39, 0x7d];
    const bytes = Uint8Array.from({ length: 96 * 1024 }, (_, i) => pattern[i % pattern.length]!);
    const random = makeRandom(0x6275_7273);
    const { fast, reference } = formatBoth(protocol, splitRandomly(bytes, random));
    expect(fast).toEqual(reference);
  });

  it.each(PROTOCOLS)('%s: matches on UTF-8 text split inside characters', (protocol) => {
    const bytes = encodeUtf8(
      '250-Grüße aus Köln 😀 \u202e evil\r\n250 日本語のテキスト\r\n'.repeat(40),
    );
    const random = makeRandom(0x7574_6638);
    const { fast, reference } = formatBoth(protocol, splitRandomly(bytes, random));
    expect(fast).toEqual(reference);
  });
});
