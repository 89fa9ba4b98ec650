/* eslint-disable no-control-regex -- these tests search the output for control characters. */
import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import type { ProtocolId } from '../presets';
import type { OutputEntry } from '../session';
import { OutputFormatter } from './output-formatter';
import { CATEGORY_STYLES, STYLES } from './sgr';

const PROTOCOLS: readonly ProtocolId[] = ['smtp', 'imap', 'pop3', 'raw'];

const OWN_STYLES = new Set<string>([...Object.values(STYLES), ...Object.values(CATEGORY_STYLES)]);

/** Checks that a sequence is a reset, or a reset followed by one of the formatter's styles. */
function isOwnSgr(sequence: string): boolean {
  if (sequence === '\x1b[0m') {
    return true;
  }
  const match = /^\x1b\[0;([0-9;]+)m$/.exec(sequence);
  return match !== null && OWN_STYLES.has(match[1]!);
}

/** Asserts that `output` cannot drive a terminal beyond the formatter's own colours. */
function expectInert(output: string): void {
  for (const match of output.matchAll(/\x1b\[[\x20-\x3f]*[\x40-\x7e]?/g)) {
    expect(isOwnSgr(match[0]), `foreign sequence ${JSON.stringify(match[0])}`).toBe(true);
  }
  const text = output.replace(/\x1b\[(?:0;[0-9;]+|0)m/g, '');

  expect(text).not.toContain('\x1b');
  expect(text).not.toContain('\x9b');
  expect(text).not.toContain('\x07');
  expect(text).not.toMatch(/\r(?!\n)/);
  expect(text).not.toMatch(/(?<!\r)\n/);
  expect(text).not.toMatch(/[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f-\x9f]/);
  expect(text).not.toMatch(/[\p{Cs}\p{Cf}\p{Zl}\p{Zp}]/u);
}

/** A seeded generator, so that a failing random case can be reproduced. */
function makeRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

function server(bytes: Uint8Array): OutputEntry {
  return { kind: 'server', bytes };
}

const HOSTILE_SEQUENCES: readonly (readonly [string, string])[] = [
  ['OSC 52 clipboard write', '\x1b]52;c;cm0gLXJmIH4=\x07'],
  ['OSC 52 ended by ST', '\x1b]52;c;cm0gLXJmIH4=\x1b\\'],
  ['window title', '\x1b]0;title\x07'],
  ['hyperlink', '\x1b]8;;https://example.invalid/\x1b\\click\x1b]8;;\x1b\\'],
  ['clear screen and home', '\x1b[2J\x1b[H'],
  ['cursor up and erase line', '\x1b[1A\x1b[2K'],
  ['device status report', '\x1b[6n'],
  ['device attributes', '\x1b[c\x1b[>c'],
  ['DECRQSS in DCS', '\x1bP$qm\x1b\\'],
  ['alternate screen', '\x1b[?1049h'],
  ['mouse reporting', '\x1b[?1000h\x1b[?1006h'],
  ['bracketed paste end', '\x1b[201~'],
  ['UTF-8 encoded C1 CSI', '\u009b31m\u009d0;t\u009c'],
  ['bidi override', 'abc\u202edcba\u202c\u2066x\u2069'],
  ['reset terminal', '\x1bc'],
  ['long CSI', `\x1b[${'1;'.repeat(20_000)}m`],
  ['long OSC', `\x1b]52;c;${'A'.repeat(100_000)}\x07`],
];

const RAW_C1_SEQUENCES: readonly (readonly [string, readonly number[]])[] = [
  ['8-bit CSI', [0x9b, 0x32, 0x4a]],
  ['8-bit OSC', [0x9d, 0x30, 0x3b, 0x74, 0x07]],
  ['8-bit DCS', [0x90, 0x71, 0x9c]],
  ['8-bit APC, PM and SOS', [0x9f, 0x78, 0x9c, 0x9e, 0x78, 0x9c, 0x98, 0x78, 0x9c]],
];

describe('OutputFormatter with hostile server bytes', () => {
  const allBytes = Uint8Array.from({ length: 256 }, (_, byte) => byte);

  it.each(PROTOCOLS)('%s: keeps every byte value inert in one chunk', (protocol) => {
    expectInert(new OutputFormatter(protocol).format([server(allBytes)]));
  });

  it.each(PROTOCOLS)('%s: keeps every byte value inert one at a time', (protocol) => {
    const formatter = new OutputFormatter(protocol);
    for (const byte of allBytes) {
      expectInert(formatter.format([server(Uint8Array.of(byte))]));
    }
  });

  it.each(PROTOCOLS)('%s: keeps every byte value inert after each lead byte', (protocol) => {
    const leads = [[0xc2], [0xe0], [0xe2, 0x80], [0xed], [0xf0, 0x9f], [0xf4, 0x8f, 0xbf], [0x0d]];
    const formatter = new OutputFormatter(protocol);
    for (const lead of leads) {
      for (const byte of allBytes) {
        expectInert(formatter.format([server(Uint8Array.of(...lead, byte))]));
      }
    }
  });

  it.each(HOSTILE_SEQUENCES)('keeps %s inert', (_name, sequence) => {
    const bytes = encodeUtf8(`250 ${sequence}\r\n`);
    for (const protocol of PROTOCOLS) {
      expectInert(new OutputFormatter(protocol).format([server(bytes)]));
    }
  });

  it.each(RAW_C1_SEQUENCES)('keeps %s inert', (_name, sequence) => {
    for (const protocol of PROTOCOLS) {
      expectInert(new OutputFormatter(protocol).format([server(Uint8Array.from(sequence))]));
    }
  });

  it('keeps every Unicode scalar value inert', () => {
    const formatter = new OutputFormatter('raw');
    const CODE_POINTS_PER_CHUNK = 0x4000;
    for (let start = 0; start <= 0x10ffff; start += CODE_POINTS_PER_CHUNK) {
      let text = '';
      for (let codePoint = start; codePoint < start + CODE_POINTS_PER_CHUNK; codePoint++) {
        if (codePoint < 0xd800 || codePoint > 0xdfff) {
          text += String.fromCodePoint(codePoint);
        }
      }
      expectInert(formatter.format([server(encodeUtf8(text))]));
    }
  });

  it.each(PROTOCOLS)('%s: keeps random bytes in random chunks inert', (protocol) => {
    const random = makeRandom(0x6d61696c);
    const formatter = new OutputFormatter(protocol);
    for (let round = 0; round < 500; round++) {
      const length = Math.floor(random() * 64);
      const bytes = Uint8Array.from({ length }, () => {
        // Favour the bytes that matter: controls, ESC, CR, LF, C1 and lead bytes.
        const pick = random();
        if (pick < 0.3)
          return [0x1b, 0x0d, 0x0a, 0x9b, 0x07, 0x5b, 0x5d][Math.floor(random() * 7)]!;
        return Math.floor(random() * 256);
      });
      expectInert(formatter.format([server(bytes)]));
    }
  });
});

describe('OutputFormatter with hostile client text and notes', () => {
  it.each(HOSTILE_SEQUENCES)('keeps %s inert in a client line', (_name, sequence) => {
    const output = new OutputFormatter('smtp').format([
      { kind: 'client', text: sequence, automatic: false },
    ]);
    expectInert(output);
  });

  it.each(HOSTILE_SEQUENCES)('keeps %s inert in a note', (_name, sequence) => {
    const output = new OutputFormatter('smtp').format([
      { kind: 'note', level: 'error', text: sequence },
    ]);
    expectInert(output);
  });

  it('keeps every UTF-16 code unit inert in client text', () => {
    let text = '';
    for (let unit = 0; unit <= 0xffff; unit++) {
      text += String.fromCharCode(unit);
    }
    expectInert(new OutputFormatter('smtp').format([{ kind: 'client', text, automatic: true }]));
  });
});
