import { describe, expect, it } from 'vitest';

import { encodeUtf8 } from '../encoding/base64';
import type { TlsSummary } from '../session';
import type { TranscriptRecord, TranscriptSessionInfo } from '../transcript';
import { exportTranscript } from './export-transcript';
import { HTML_EXPORT_CSP } from './html-export';
import { parseJsonTranscript } from './json-export';

const SESSION: TranscriptSessionInfo = {
  host: 'mail.example.test',
  port: 587,
  protocol: 'smtp',
  security: 'starttls',
};
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
const NO_LOSS = { droppedRecords: 0, droppedBytes: 0 };

const SUMMARY: TlsSummary = {
  version: 'TLSv1.3',
  cipher: 'TLS_AES_256_GCM_SHA384',
  keyExchange: 'X25519',
  alpn: null,
  sniSent: 'mail.example.test',
  verifyName: 'mail.example.test',
  trusted: true,
  chainError: null,
  nameError: null,
  leafSubject: 'CN=mail.example.test',
  leafIssuer: 'CN=Example CA',
  leafValidTo: '2030-01-01T00:00:00Z',
  leafFingerprint256: null,
  viaStarttls: true,
  legacyTls: false,
  certificateCount: 2,
  headline: {
    code: 'TRUSTED',
    severity: 'ok',
    text: 'The certificate is trusted.',
    shortText: 'trusted',
  },
};

const server = (text: string, offset: number, tls = false): TranscriptRecord => ({
  kind: 'server',
  time: T0 + offset,
  tls,
  bytes: encodeUtf8(text),
});
const client = (text: string, offset: number, tls = false): TranscriptRecord => ({
  kind: 'client',
  time: T0 + offset,
  tls,
  text,
  automatic: false,
});

const RECORDS: TranscriptRecord[] = [
  { kind: 'note', time: T0, tls: false, level: 'info', text: 'Resolving mail.example.test…' },
  server('220 mail.exa', 1),
  server('mple.test ESMTP\r\n', 2),
  client('EHLO client.example.com', 3),
  server('250-mail.example.test\r\n250 STARTTLS\r\n', 4),
  client('STARTTLS', 5),
  server('220 2.0.0 Go ahead\r\n', 6),
  { kind: 'tls-start', time: T0 + 7, tls: true, summary: SUMMARY },
  client('AUTH PLAIN ********', 8, true),
  server('235 ok\n', 9, true),
  {
    kind: 'client-bytes',
    time: T0 + 10,
    tls: true,
    bytes: Uint8Array.from([0x51, 0x55, 0x49, 0x54, 0x0a]),
  },
  server('221 bye\x1b[31m\r\n', 11, true),
];

function exported(format: 'text' | 'json' | 'html', timestamps = false, records = RECORDS) {
  return exportTranscript(
    records,
    SESSION,
    NO_LOSS,
    { format, timestamps, credentials: 'masked' },
    T0 + 60_000,
  );
}

describe('text export', () => {
  it('writes the c:/s: convention with the TLS start marked', () => {
    const lines = exported('text').content.split('\n');
    const body = lines.slice(lines.indexOf('') + 1);
    expect(body).toEqual([
      '-- Resolving mail.example.test…',
      's: 220 mail.example.test ESMTP',
      'c: EHLO client.example.com',
      's: 250-mail.example.test',
      's: 250 STARTTLS',
      'c: STARTTLS',
      's: 220 2.0.0 Go ahead',
      '== TLS started (after STARTTLS): TLSv1.3, TLS_AES_256_GCM_SHA384, X25519; certificate verified for mail.example.test.',
      'c: AUTH PLAIN ********',
      's: 235 ok<LF>',
      'c (exact bytes): QUIT\\n',
      's: 221 bye^[[31m',
      '',
    ]);
  });

  it('puts UTC times in front when asked', () => {
    const text = exported('text', true).content;
    expect(text).toContain('03:04:05.679 s: 220 mail.example.test ESMTP');
    expect(text).toContain('# Started 2026-01-02T03:04:05.678Z');
  });

  it('names the session and the file', () => {
    const file = exported('text');
    expect(file.fileName).toBe('mailtap-smtp-mail.example.test-587-20260102T030505Z.txt');
    expect(file.mediaType).toBe('text/plain; charset=utf-8');
    expect(file.content).toMatch(
      /^# Mailtap transcript of SMTP mail\.example\.test:587 \(STARTTLS\)\n/,
    );
  });

  it('marks the file name of kept credentials', () => {
    const records: TranscriptRecord[] = [
      ...RECORDS.slice(0, 8),
      {
        kind: 'client',
        time: T0 + 8,
        tls: true,
        text: 'AUTH PLAIN ********',
        automatic: false,
        unmasked: 'AUTH PLAIN AGFsaWNlAHMzY3JldA==',
      },
    ];
    const options = { format: 'text', timestamps: false, credentials: 'included' } as const;

    const file = exportTranscript(records, SESSION, NO_LOSS, options, T0 + 60_000);

    expect(file.credentialCount).toBe(1);
    expect(file.fileName).toBe(
      'mailtap-smtp-mail.example.test-587-20260102T030505Z-with-credentials.txt',
    );
  });

  it('states what the byte cap dropped', () => {
    const file = exportTranscript(
      RECORDS,
      SESSION,
      { droppedRecords: 3, droppedBytes: 900 },
      { format: 'text', timestamps: false, credentials: 'masked' },
      T0,
    );
    expect(file.content).toContain('# 3 later record(s) of 900 bytes are missing');
  });
});

describe('JSON export', () => {
  it('reads back into the same records', () => {
    const parsed = parseJsonTranscript(exported('json').content);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) {
      return;
    }
    expect(parsed.session).toEqual(SESSION);
    expect(parsed.records).toEqual(RECORDS);
    // A round trip through JSON gives the same text export.
    expect(exported('text', true, parsed.records as TranscriptRecord[]).content).toBe(
      exported('text', true).content,
    );
  });

  it('carries exact bytes and an escaped form', () => {
    const document = JSON.parse(exported('json').content) as { records: Record<string, unknown>[] };
    const bare = document.records.find((record) => record['escaped'] === '235 ok\\n');
    expect(bare?.['base64']).toBe('MjM1IG9rCg==');
  });

  it.each([
    ['not JSON', '{'],
    ['another format', '{"format":"other","version":1}'],
    ['a newer version', '{"format":"mailtap-transcript","version":99,"records":[]}'],
    [
      'bad base64',
      '{"format":"mailtap-transcript","version":1,"session":{},"records":[{"kind":"server","time":"2026-01-01T00:00:00Z","base64":"@@"}]}',
    ],
  ])('rejects %s', (_name, text) => {
    expect(parseJsonTranscript(text).ok).toBe(false);
  });
});

describe('HTML export', () => {
  const hostile: TranscriptRecord[] = [
    server(
      '220 <script>alert(1)</script> "quoted" & \'single\' <img src=https://evil.example/x>\r\n',
      0,
    ),
    client('EHLO "><svg onload=alert(2)>', 1),
  ];

  it('escapes server and client text', () => {
    const html = exported('html', false, hostile).content;
    expect(html).toContain(
      's: 220 &lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39; &lt;img src=https://evil.example/x&gt;',
    );
    expect(html).toContain('c: EHLO &quot;&gt;&lt;svg onload=alert(2)&gt;');
    expect(html).not.toMatch(/<script|<img|<svg/i);
  });

  it('is self-contained behind a strict CSP', () => {
    const html = exported('html').content;
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${HTML_EXPORT_CSP.replace(/'/g, '&#39;')}">`,
    );
    expect(HTML_EXPORT_CSP).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|link|img|iframe|object)\b/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
  });

  it('shows the same lines as the text export', () => {
    const textLines = exported('text')
      .content.split('\n')
      .filter((line) => /^(s|c|--|==)/.test(line));
    const html = exported('html').content;
    const htmlLines = [...html.matchAll(/<span class="[^"]*">([^<]*)<\/span>/g)].map((match) =>
      match[1]!
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&'),
    );
    expect(htmlLines).toEqual(textLines);
  });
});
