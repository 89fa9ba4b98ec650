import { describe, expect, it } from 'vitest';

import { encodeBase64, encodeUtf8 } from '../encoding/base64';
import type { ProtocolId } from '../presets';
import type { OutputEntry } from '../session';
import { OutputFormatter } from './output-formatter';
import { STYLES } from './sgr';
import { stripSgr, toStyledRuns } from './styled-runs.test-support';

function server(text: string): OutputEntry {
  return { kind: 'server', bytes: encodeUtf8(text) };
}

function plain(protocol: ProtocolId, ...batches: (readonly OutputEntry[])[]): string {
  const formatter = new OutputFormatter(protocol);
  return stripSgr(batches.map((batch) => formatter.format(batch)).join(''));
}

describe('challenge annotation', () => {
  it.each([
    ['smtp', '334 VXNlcm5hbWU6', 'S: 334 VXNlcm5hbWU6  [decoded: Username:]'],
    ['smtp', '334 UGFzc3dvcmQ6', 'S: 334 UGFzc3dvcmQ6  [decoded: Password:]'],
    ['smtp', '334 ', 'S: 334   [decoded: empty challenge]'],
    ['smtp', '334', 'S: 334  [decoded: empty challenge]'],
    [
      'smtp',
      '334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+',
      'S: 334 PDE4OTYuNjk3MTcwOTUyQHBvc3RvZmZpY2UucmVzdG9uLm1jaS5uZXQ+  [decoded: <1896.697170952@postoffice.reston.mci.net>]',
    ],
    ['smtp', '334 AGFsaWNlAHMzY3JldA==', 'S: 334 AGFsaWNlAHMzY3JldA==  [decoded: ^@alice^@s3cret]'],
    ['imap', '+ VXNlcm5hbWU6', 'S: + VXNlcm5hbWU6  [decoded: Username:]'],
    ['pop3', '+ VXNlcm5hbWU6', 'S: + VXNlcm5hbWU6  [decoded: Username:]'],
  ] as const)('%s %j shows its decoded text', (protocol, line, expected) => {
    expect(plain(protocol, [server(`${line}\r\n`)])).toBe(`${expected}\r\n`);
  });

  it.each([
    ['smtp', '250 VXNlcm5hbWU6'],
    ['smtp', '334 not base64!'],
    ['imap', '+ Ready for literal data'],
    ['imap', '+ idle'],
    ['imap', '+ OK'],
    ['imap', '+ '],
    ['pop3', '+ '],
    ['pop3', '+OK VXNlcm5hbWU6'],
    ['raw', '334 VXNlcm5hbWU6'],
  ] as const)('%s %j gets no annotation', (protocol, line) => {
    expect(plain(protocol, [server(`${line}\r\n`)])).toBe(`S: ${line}\r\n`);
  });

  it('shows the annotation in its own style after the unchanged server text', () => {
    const formatter = new OutputFormatter('smtp');
    const runs = toStyledRuns(formatter.format([server('334 VXNlcm5hbWU6\r\n')]));
    expect(runs.map((run) => run.text).join('')).toContain('334 VXNlcm5hbWU6');
    expect(runs).toContainEqual({ style: STYLES.annotation, text: '  [decoded: Username:]' });
  });

  it('decodes a challenge that arrives in pieces', () => {
    const pieces = ['33', '4 VXNl', 'cm5hbW', 'U6\r', '\n'].map((piece) => [server(piece)]);
    expect(plain('smtp', ...pieces)).toBe('S: 334 VXNlcm5hbWU6  [decoded: Username:]\r\n');
  });

  it('escapes control sequences hidden in a challenge', () => {
    const hostile = encodeBase64(encodeUtf8('\x1b]0;title\x07\x1b[2J'));
    const formatter = new OutputFormatter('smtp');
    const output = formatter.format([server(`334 ${hostile}\r\n`)]);
    expect(stripSgr(output)).toContain('[decoded: ^[]0;title^G^[[2J]');
    // eslint-disable-next-line no-control-regex -- the output may contain only SGR sequences.
    expect(output.replace(/\x1b\[0(?:;[0-9;]+)?m/g, '')).not.toContain('\x1b');
  });

  it('does not decode a + line inside an IMAP literal', () => {
    const literal = '+ VXNlcm5hbWU6\r\n';
    const text = `* 1 FETCH (BODY[] {${literal.length}}\r\n${literal})\r\n`;
    expect(plain('imap', [server(text)])).not.toContain('decoded');
  });

  it('keeps decoding a challenge cut by a client line', () => {
    const output = plain(
      'smtp',
      [server('334 VXNlcm')],
      [{ kind: 'client', text: 'typed', automatic: false }],
      [server('5hbWU6\r\n')],
    );
    expect(output).toContain('[decoded: Username:]');
  });
});
