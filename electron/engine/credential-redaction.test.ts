import { createHash } from 'node:crypto';
import type net from 'node:net';

import { afterEach, describe, expect, it, vi } from 'vitest';

import type { ProtocolId } from '../../shared/presets';
import type { OutputEntry, SessionSnapshot } from '../../shared/session';
import { createJsonLogger } from './logger';
import { SessionHub } from './session-hub';
import { onLines, startFakeServer, type FakeServer } from './test-support/fake-server';

const USER = 'alice';
const PASSWORD = 'Pässw0rd€';
const APOP_TIMESTAMP = '<1896.697170952@dbc.mailtap.test>';

function base64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const PLAIN_BLOB = base64(`\0${USER}\0${PASSWORD}`);
const APOP_DIGEST = createHash('md5').update(`${APOP_TIMESTAMP}${PASSWORD}`).digest('hex');

/** Every form in which the password could leak into text a person sees or saves. */
const FORBIDDEN = [
  PASSWORD,
  base64(PASSWORD),
  PLAIN_BLOB,
  APOP_DIGEST,
  Buffer.from(PASSWORD, 'utf16le').toString('latin1'),
  Buffer.from(PASSWORD, 'utf8').toString('latin1'),
  encodeURIComponent(PASSWORD),
];

interface Form {
  readonly name: string;
  readonly protocol: Exclude<ProtocolId, 'raw'>;
  readonly greeting: string;
  /** Server answers to each client line, in order. */
  readonly answers: readonly string[];
  /** Client lines, typed one after another once the previous answer arrived. */
  readonly lines: readonly string[];
  /** Parts of the shown lines that must stay visible. */
  readonly visible: readonly string[];
}

const FORMS: readonly Form[] = [
  {
    name: 'SMTP AUTH PLAIN with initial response',
    protocol: 'smtp',
    greeting: '220 ready',
    answers: ['235 2.7.0 ok'],
    lines: [`AUTH PLAIN ${PLAIN_BLOB}`],
    visible: ['AUTH PLAIN '],
  },
  {
    name: 'SMTP auth plain in lower case after a 334',
    protocol: 'smtp',
    greeting: '220 ready',
    answers: ['334 ', '235 2.7.0 ok'],
    lines: ['auth plain', PLAIN_BLOB],
    visible: ['auth plain'],
  },
  {
    name: 'SMTP AUTH LOGIN dialogue',
    protocol: 'smtp',
    greeting: '220 ready',
    answers: ['334 VXNlcm5hbWU6', '334 UGFzc3dvcmQ6', '235 2.7.0 ok'],
    lines: ['AUTH LOGIN', base64(USER), base64(PASSWORD)],
    visible: ['AUTH LOGIN'],
  },
  {
    name: 'IMAP LOGIN with a quoted password',
    protocol: 'imap',
    greeting: '* OK ready',
    answers: ['a1 OK done'],
    lines: [`a1 LOGIN ${USER} "${PASSWORD}"`],
    visible: [`a1 LOGIN ${USER}`],
  },
  {
    name: 'IMAP LOGIN with the password as a literal',
    protocol: 'imap',
    greeting: '* OK ready',
    answers: ['+ Ready for literal data', 'a2 OK done'],
    lines: [`a2 LOGIN ${USER} {${Buffer.byteLength(PASSWORD)}}`, PASSWORD],
    visible: [`a2 LOGIN ${USER} {`],
  },
  {
    name: 'IMAP AUTHENTICATE PLAIN after a continuation',
    protocol: 'imap',
    greeting: '* OK ready',
    answers: ['+ ', 'a3 OK done'],
    lines: ['a3 AUTHENTICATE PLAIN', PLAIN_BLOB],
    visible: ['a3 AUTHENTICATE PLAIN'],
  },
  {
    name: 'IMAP AUTHENTICATE PLAIN with an initial response',
    protocol: 'imap',
    greeting: '* OK ready',
    answers: ['a4 OK done'],
    lines: [`a4 AUTHENTICATE PLAIN ${PLAIN_BLOB}`],
    visible: ['a4 AUTHENTICATE PLAIN'],
  },
  {
    name: 'POP3 USER and PASS',
    protocol: 'pop3',
    greeting: '+OK ready',
    answers: ['+OK', '+OK logged in'],
    lines: [`USER ${USER}`, `PASS ${PASSWORD}`],
    visible: [`USER ${USER}`, 'PASS '],
  },
  {
    name: 'POP3 APOP',
    protocol: 'pop3',
    greeting: `+OK ready ${APOP_TIMESTAMP}`,
    answers: ['+OK logged in'],
    lines: [`APOP ${USER} ${APOP_DIGEST}`],
    visible: [`APOP ${USER}`],
  },
  {
    name: 'SMTP PLAIN blob sent alone, outside an AUTH exchange',
    protocol: 'smtp',
    greeting: '220 ready',
    answers: ['500 5.5.2 Error: command not recognized'],
    lines: [PLAIN_BLOB],
    visible: [],
  },
  {
    name: 'POP3 AUTH PLAIN after a continuation',

    protocol: 'pop3',
    greeting: '+OK ready',
    answers: ['+ ', '+OK logged in'],
    lines: ['AUTH PLAIN', PLAIN_BLOB],
    visible: ['AUTH PLAIN'],
  },
];

let hub: SessionHub | null = null;
let server: FakeServer | null = null;

afterEach(async () => {
  hub?.dispose();
  hub = null;
  await server?.close();
  server = null;
});

describe('credentials in what a person sees or saves', () => {
  it.each(FORMS)('$name: none in the transcript, output, state or log', async (form) => {
    const logLines: string[] = [];
    hub = new SessionHub(createJsonLogger((line) => logLines.push(line), 'debug'));
    const entries: OutputEntry[] = [];
    const states: SessionSnapshot[] = [];
    hub.onOutput((batch) => {
      entries.push(...batch.entries);
      hub?.acknowledge(batch.sessionId, batch.serverBytes);
    });
    hub.onState((snapshot) => states.push(snapshot));

    let answered = 0;
    server = await startFakeServer((socket: net.Socket) => {
      socket.write(`${form.greeting}\r\n`);
      onLines(socket, () => socket.write(`${form.answers[answered++] ?? ''}\r\n`));
    });
    const { sessionId } = await hub.open({
      host: '127.0.0.1',
      port: server.port,
      protocol: form.protocol,
      security: 'plain',
    });
    await vi.waitFor(() => expect(states.at(-1)?.phase).toBe('ready'));
    for (const [index, line] of form.lines.entries()) {
      expect(hub.sendLine(sessionId, line)).toEqual({ sent: true });
      await vi.waitFor(() => expect(answered).toBe(index + 1));
    }
    // The wire carried the real lines.
    await vi.waitFor(() =>
      expect(server!.received[0]!.toString('utf8')).toBe(
        form.lines.map((line) => `${line}\r\n`).join(''),
      ),
    );

    const session = hub.find(sessionId)!;
    const shownLines = entries.flatMap((entry) => (entry.kind === 'client' ? [entry.text] : []));
    const saved = [
      JSON.stringify(
        session.transcriptRecords.map((record) =>
          record.kind === 'server' ? Buffer.from(record.bytes).toString('latin1') : record,
        ),
      ),
      JSON.stringify(entries.filter((entry) => entry.kind !== 'server')),
      JSON.stringify(states),
      logLines.join(''),
    ].join('\n');
    for (const secret of FORBIDDEN) {
      expect(saved, `contains ${JSON.stringify(secret)}`).not.toContain(secret);
    }
    for (const [index, part] of form.visible.entries()) {
      expect(shownLines.join('\n'), `shows ${part} (${index})`).toContain(part);
    }
    expect(logLines.length).toBeGreaterThan(0);
  });
});
