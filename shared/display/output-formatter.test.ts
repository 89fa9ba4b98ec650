import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import type { ProtocolId } from '../presets';
import type { OutputEntry } from '../session';
import { BARE_LF_MARK, MAX_CLASSIFY_PREFIX_CHARS, OutputFormatter } from './output-formatter';
import { CATEGORY_STYLES, STYLES } from './sgr';
import { stripSgr, toStyledRuns, type StyledRun } from './styled-runs.test-support';

function server(data: string | readonly number[]): OutputEntry {
  return {
    kind: 'server',
    bytes: typeof data === 'string' ? encodeUtf8(data) : Uint8Array.from(data),
  };
}

function client(text: string, automatic = false): OutputEntry {
  return { kind: 'client', text, automatic };
}

function note(level: 'info' | 'warning' | 'error', text: string): OutputEntry {
  return { kind: 'note', level, text };
}

/** Formats each batch with one formatter and returns the outputs joined. */
function format(protocol: ProtocolId, ...batches: (readonly OutputEntry[])[]): string {
  const formatter = new OutputFormatter(protocol);
  return batches.map((batch) => formatter.format(batch)).join('');
}

function plain(protocol: ProtocolId, ...batches: (readonly OutputEntry[])[]): string {
  return stripSgr(format(protocol, ...batches));
}

/** Returns the runs of one complete server line in `style`. */
function serverLineRuns(style: string, text: string): StyledRun[] {
  if (style === '') {
    return [
      { style: STYLES.serverGutter, text: 'S: ' },
      { style: '', text: `${text}\r\n` },
    ];
  }
  return [
    { style: STYLES.serverGutter, text: 'S: ' },
    { style, text },
    { style: '', text: '\r\n' },
  ];
}

/** Returns every way of cutting `bytes` into two chunks, plus one byte per chunk. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const result: Uint8Array[][] = [];
  for (let cut = 0; cut <= bytes.length; cut++) {
    result.push([bytes.slice(0, cut), bytes.slice(cut)]);
  }
  result.push(Array.from(bytes, (byte) => Uint8Array.of(byte)));
  return result;
}

function formatChunks(protocol: ProtocolId, chunks: readonly Uint8Array[]): string {
  const formatter = new OutputFormatter(protocol);
  return chunks.map((bytes) => formatter.format([{ kind: 'server', bytes }])).join('');
}

describe('OutputFormatter line layout', () => {
  it('prefixes each server line with S:', () => {
    expect(plain('smtp', [server('220 mx ESMTP\r\n250 ok\r\n')])).toBe(
      'S: 220 mx ESMTP\r\nS: 250 ok\r\n',
    );
  });

  it('shows an empty server line', () => {
    expect(plain('smtp', [server('\r\n')])).toBe('S: \r\n');
  });

  it('marks a line that ends in a bare LF', () => {
    const output = format('smtp', [server('220 mx\n')]);
    expect(stripSgr(output)).toBe(`S: 220 mx${BARE_LF_MARK}\r\n`);
    expect(toStyledRuns(output)).toContainEqual({ style: STYLES.bareLineFeed, text: BARE_LF_MARK });
  });

  it('shows a bare CR as ^M', () => {
    expect(plain('smtp', [server('220 a\rb\r\n')])).toBe('S: 220 a^Mb\r\n');
  });

  it('shows the first CR of CR CR LF as ^M', () => {
    expect(plain('smtp', [server('250 x\r\r\n')])).toBe('S: 250 x^M\r\n');
  });

  it('joins a CR and LF split across chunks', () => {
    const formatter = new OutputFormatter('smtp');
    const first = formatter.format([server('250 ok\r')]);
    const second = formatter.format([server('\n')]);
    expect(stripSgr(first)).toBe('S: 250 ok');
    expect(stripSgr(second)).toBe('\r\n');
  });

  it('shows a CR at a chunk end as ^M when no LF follows', () => {
    expect(plain('smtp', [server('250 a\r')], [server('b\r\n')])).toBe('S: 250 a^Mb\r\n');
  });

  it('continues a line across chunks without a new gutter', () => {
    expect(plain('smtp', [server('250-SIZE')], [server(' 1000\r\n')])).toBe('S: 250-SIZE 1000\r\n');
  });

  it('keeps TAB as a tab', () => {
    expect(plain('raw', [server('a\tb\r\n')])).toBe('S: a\tb\r\n');
  });

  it('ends every output in the default style', () => {
    const output = format('smtp', [server('250-a line without its end')]);
    expect(output.endsWith('\x1b[0m')).toBe(true);
  });
});

describe('OutputFormatter reply colours', () => {
  const rows: (readonly [ProtocolId, string, string])[] = [
    ['smtp', '220 mx.example.com ESMTP', CATEGORY_STYLES.success],
    ['smtp', '250-STARTTLS', CATEGORY_STYLES.success],
    ['smtp', '354 go ahead', CATEGORY_STYLES.intermediate],
    ['smtp', '354 End data with <CR><LF>.<CR><LF>', CATEGORY_STYLES.intermediate],
    ['smtp', '454 4.7.0 TLS not available', CATEGORY_STYLES['transient-failure']],
    ['smtp', '550 5.7.1 denied', CATEGORY_STYLES['permanent-failure']],
    ['smtp', 'hello', ''],
    ['pop3', '+OK ready', CATEGORY_STYLES.success],
    ['pop3', '-ERR no', CATEGORY_STYLES['permanent-failure']],
    ['pop3', '+ ', CATEGORY_STYLES.continuation],
    ['pop3', '1 120', ''],
    ['imap', '* OK ready', CATEGORY_STYLES.success],
    ['imap', '* PREAUTH hi', CATEGORY_STYLES.success],
    ['imap', '* NO quota', CATEGORY_STYLES['transient-failure']],
    ['imap', '* BAD what', CATEGORY_STYLES['permanent-failure']],
    ['imap', '* BYE bye', CATEGORY_STYLES['permanent-failure']],
    ['imap', 'a1 OK done', CATEGORY_STYLES.success],
    ['imap', 'a1 NO failed', CATEGORY_STYLES['transient-failure']],
    ['imap', 'a1 BAD syntax', CATEGORY_STYLES['permanent-failure']],
    ['imap', '+ idling', CATEGORY_STYLES.continuation],
    ['imap', '* CAPABILITY IMAP4rev1', ''],
    ['raw', '250 ok', ''],
    ['raw', '-ERR', ''],
  ];

  it.each(rows)('%s %j has style %j', (protocol, line, style) => {
    expect(toStyledRuns(format(protocol, [server(`${line}\r\n`)]))).toEqual(
      serverLineRuns(style, line),
    );
  });

  it.each(rows)('%s %j keeps its style however it is split', (protocol, line) => {
    const whole = toStyledRuns(format(protocol, [server(`${line}\r\n`)]));
    for (const chunks of splits(encodeUtf8(`${line}\r\n`))) {
      expect(toStyledRuns(formatChunks(protocol, chunks))).toEqual(whole);
    }
  });

  it('holds back a line start until it is classified', () => {
    const formatter = new OutputFormatter('smtp');
    expect(formatter.format([server('25')])).toBe('');
    const rest = formatter.format([server('0 ok\r\n')]);
    expect(toStyledRuns(rest)).toEqual(serverLineRuns(CATEGORY_STYLES.success, '250 ok'));
  });

  it('holds back at most MAX_CLASSIFY_PREFIX_CHARS characters', () => {
    const formatter = new OutputFormatter('imap');
    const tag = 'x'.repeat(MAX_CLASSIFY_PREFIX_CHARS - 1);
    expect(formatter.format([server(tag)])).toBe('');
    expect(stripSgr(formatter.format([server('x')]))).toBe(`S: ${tag}x`);
  });

  it('shows a raw line without holding it back', () => {
    const formatter = new OutputFormatter('raw');
    expect(stripSgr(formatter.format([server('2')]))).toBe('S: 2');
  });
});

describe('OutputFormatter escapes', () => {
  const rows: (readonly [string, readonly number[], string])[] = [
    ['NUL', [0x00], '^@'],
    ['BEL', [0x07], '^G'],
    ['ESC', [0x1b, 0x5b, 0x32, 0x4a], '^[[2J'],
    ['DEL', [0x7f], '^?'],
    ['form feed', [0x0c], '^L'],
    ['raw C1 CSI byte', [0x9b, 0x33, 0x31, 0x6d], '<9B>31m'],
    ['UTF-8 encoded C1 CSI', [0xc2, 0x9b], '<U+009B>'],
    ['right-to-left override', [0xe2, 0x80, 0xae], '<U+202E>'],
    ['left-to-right mark', [0xe2, 0x80, 0x8e], '<U+200E>'],
    ['first strong isolate', [0xe2, 0x81, 0xa8], '<U+2068>'],
    ['line separator', [0xe2, 0x80, 0xa8], '<U+2028>'],
    ['byte order mark', [0xef, 0xbb, 0xbf], '<U+FEFF>'],
    ['invalid byte', [0xff], '<FF>'],
    ['overlong slash', [0xc0, 0xaf], '<C0><AF>'],
    ['valid é', [0xc3, 0xa9], 'é'],
    ['valid emoji', [0xf0, 0x9f, 0x98, 0x80], '😀'],
  ];

  it.each(rows)('shows %s visibly', (_name, bytes, expected) => {
    expect(plain('raw', [server([...bytes, 0x0d, 0x0a])])).toBe(`S: ${expected}\r\n`);
  });

  it('styles escapes apart from the text', () => {
    const runs = toStyledRuns(format('smtp', [server('250 a\x1bb\r\n')]));
    expect(runs).toEqual([
      { style: STYLES.serverGutter, text: 'S: ' },
      { style: CATEGORY_STYLES.success, text: '250 a' },
      { style: STYLES.escape, text: '^[' },
      { style: CATEGORY_STYLES.success, text: 'b' },
      { style: '', text: '\r\n' },
    ]);
  });

  it('shows a sequence cut by the line end as invalid bytes', () => {
    expect(plain('raw', [server([0x41, 0xe2, 0x82, 0x0d, 0x0a])])).toBe('S: A<E2><82>\r\n');
  });

  it('shows a sequence cut by a bare CR as invalid bytes', () => {
    expect(plain('raw', [server([0xe2, 0x0d, 0x41, 0x0d, 0x0a])])).toBe('S: <E2>^MA\r\n');
  });

  it('decodes a character split across chunks', () => {
    for (const chunks of splits(encodeUtf8('€😀é\r\n'))) {
      expect(stripSgr(formatChunks('raw', chunks))).toBe('S: €😀é\r\n');
    }
  });

  it('escapes control characters in client text', () => {
    expect(plain('smtp', [client('MAIL FROM:<a>\x1b[2J\u202e\x07\r\n')])).toBe(
      'C: MAIL FROM:<a>^[[2J<U+202E>^G^M^J\r\n',
    );
  });

  it('escapes a lone surrogate in client text', () => {
    expect(plain('smtp', [client('a\ud800b')])).toBe('C: a<U+D800>b\r\n');
  });
});

describe('OutputFormatter client lines and notes', () => {
  it('shows a typed client line in the typed style', () => {
    expect(toStyledRuns(format('smtp', [client('EHLO me')]))).toEqual([
      { style: STYLES.clientGutter, text: 'C: ' },
      { style: STYLES.typedClient, text: 'EHLO me' },
      { style: '', text: '\r\n' },
    ]);
  });

  it('shows an automatic client line in a dimmer style', () => {
    expect(STYLES.automaticClient).not.toBe(STYLES.typedClient);
    expect(toStyledRuns(format('smtp', [client('STARTTLS', true)]))).toEqual([
      { style: STYLES.automaticClient, text: 'C: STARTTLS' },
      { style: '', text: '\r\n' },
    ]);
  });

  it.each([
    ['info', STYLES.noteInfo],
    ['warning', STYLES.noteWarning],
    ['error', STYLES.noteError],
  ] as const)('colours an %s note', (level, style) => {
    expect(toStyledRuns(format('smtp', [note(level, 'TLS handshake done')]))).toEqual([
      { style, text: '-- TLS handshake done' },
      { style: '', text: '\r\n' },
    ]);
  });

  it('gives each line of a note its own gutter', () => {
    expect(plain('smtp', [note('info', 'first\nsecond\r\nthird')])).toBe(
      '-- first\r\n-- second\r\n-- third\r\n',
    );
  });

  it('cuts an unfinished server line before a client line', () => {
    const output = format('smtp', [server('250-SIZE 10'), client('NOOP'), server('00\r\n')]);
    expect(stripSgr(output)).toBe('S: 250-SIZE 10…\r\nC: NOOP\r\nS: …00\r\n');
    expect(toStyledRuns(output).slice(-2)).toEqual([
      { style: CATEGORY_STYLES.success, text: '00' },
      { style: '', text: '\r\n' },
    ]);
  });

  it('cuts a line start that is still held back', () => {
    const output = format('smtp', [server('250'), note('info', 'x'), server(' ok\r\n')]);
    expect(stripSgr(output)).toBe('S: 250…\r\n-- x\r\nS: … ok\r\n');
    expect(toStyledRuns(output)).toContainEqual({ style: CATEGORY_STYLES.success, text: ' ok' });
  });

  it('leaves a cut line start that is no reply unclassified', () => {
    const output = format('smtp', [server('25'), client('NOOP'), server('0 ok\r\n')]);
    expect(stripSgr(output)).toBe('S: 25…\r\nC: NOOP\r\nS: …0 ok\r\n');
    expect(toStyledRuns(output)).toContainEqual({ style: '', text: '0 ok\r\n' });
  });

  it('ends a cut line on its own continuation when its LF arrives later', () => {
    expect(plain('smtp', [server('250 ok\r'), client('NOOP'), server('\n')])).toBe(
      'S: 250 ok…\r\nC: NOOP\r\nS: …\r\n',
    );
  });

  it('continues a cut line once after several client lines', () => {
    expect(plain('smtp', [server('250 a'), client('x'), client('y'), server('b\r\n')])).toBe(
      'S: 250 a…\r\nC: x\r\nC: y\r\nS: …b\r\n',
    );
  });

  it('does not mark a finished server line', () => {
    expect(plain('smtp', [server('250 ok\r\n'), client('QUIT')])).toBe('S: 250 ok\r\nC: QUIT\r\n');
  });

  it('cuts a line whose character is still incomplete', () => {
    expect(
      plain('raw', [server([0x61, 0xe2, 0x82]), client('x'), server([0xac, 0x0d, 0x0a])]),
    ).toBe('S: a…\r\nC: x\r\nS: …€\r\n');
  });
});

describe('OutputFormatter IMAP literals', () => {
  it('leaves literal data unclassified', () => {
    const literal = 'a1 NO looks tagged\r\n';
    const output = format('imap', [
      server(`* 1 FETCH (BODY[] {${literal.length}}\r\n${literal})\r\na2 OK done\r\n`),
    ]);
    const runs = toStyledRuns(output);
    expect(runs).toContainEqual({ style: '', text: 'a1 NO looks tagged\r\n' });
    expect(runs).toContainEqual({ style: CATEGORY_STYLES.success, text: 'a2 OK done' });
  });

  it('follows literals that end inside a line', () => {
    const transcript =
      '* 1 FETCH (BODY[1] {5}\r\nhello BODY[2] ~{12}\r\n* BYE fake\r\n)\r\n* OK real\r\n';
    const runs = toStyledRuns(format('imap', [server(transcript)]));
    expect(runs).toContainEqual({ style: '', text: '* BYE fake\r\n' });
    expect(runs).toContainEqual({ style: CATEGORY_STYLES.success, text: '* OK real' });
  });

  it('counts literal bytes however they are split', () => {
    const bytes = encodeUtf8('* 1 FETCH (BODY[] {9}\r\n* NO x\r\n)\r\n* NO quota\r\n');
    const whole = toStyledRuns(formatChunks('imap', [bytes]));
    expect(whole).toContainEqual({
      style: CATEGORY_STYLES['transient-failure'],
      text: '* NO quota',
    });
    for (const chunks of splits(bytes)) {
      expect(toStyledRuns(formatChunks('imap', chunks))).toEqual(whole);
    }
  });

  it('ignores braces outside IMAP', () => {
    const runs = toStyledRuns(format('smtp', [server('250 {5}\r\n550 no\r\n')]));
    expect(runs).toContainEqual({ style: CATEGORY_STYLES['permanent-failure'], text: '550 no' });
  });
});

describe('OutputFormatter chunking', () => {
  const transcripts: (readonly [ProtocolId, string])[] = [
    ['smtp', '220 mx\r\n250-a\n250 b\r\r\n354 go\r\n\x1b[31m\u202e€\r\n'],
    ['pop3', '+OK hi\r\n-ERR no\r\n+ \r\n1 2\n.\r\n'],
    ['imap', '* OK x\r\na1 NO y\r\n* 2 FETCH (BODY[] {4}\r\n* O\r\n)\r\n+ go\r\n'],
    ['raw', 'HTTP/1.1 400\r\n\r\n\xff'],
  ];

  it.each(transcripts)('formats %s output the same however it is split', (protocol, text) => {
    const bytes = encodeUtf8(text);
    const whole = toStyledRuns(formatChunks(protocol, [bytes]));
    for (const chunks of splits(bytes)) {
      expect(toStyledRuns(formatChunks(protocol, chunks))).toEqual(whole);
    }
  });
});
