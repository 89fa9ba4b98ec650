/**
 * Measures what masking repeated credentials costs on a 50 MiB flood after a login: the time
 * `CredentialEchoes.mask` takes over the flood in 64 KiB reads, for three kinds of server output,
 * against the same flood before any credential was sent. Run with `npm run bench:echo-mask`,
 * which rewrites docs/echo-mask-benchmark.md; figures depend on the machine, so none is asserted.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { CredentialEchoes } from '../electron/engine/credential-echoes';
import { SECRET_MASK } from '../shared/protocol/secrets';

const FLOOD_BYTES = 50 * 1024 * 1024;
/** The size of a socket read on Linux loopback, so each `mask` call gets one read. */
const READ_BYTES = 64 * 1024;
const PASSWORD = 'Pässw0rd€';
const USER = 'alice@example.com';

/** Builds a flood by repeating `line()` until the flood size, cut into reads. */
function flood(line: () => string): Buffer[] {
  const lines: string[] = [];
  let size = 0;
  while (size < FLOOD_BYTES) {
    const next = line();
    lines.push(next);
    size += next.length;
  }
  const whole = Buffer.from(lines.join(''), 'latin1').subarray(0, FLOOD_BYTES);
  const reads: Buffer[] = [];
  for (let offset = 0; offset < whole.length; offset += READ_BYTES) {
    reads.push(whole.subarray(offset, offset + READ_BYTES));
  }
  return reads;
}

const WORDS = 'the a mail server message delivery queue accepted rejected recipient ab abc'.split(
  ' ',
);

const FLOODS: Readonly<Record<string, () => string>> = {
  // A message with a base64 attachment, as RETR or FETCH BODY[] returns it.
  'base64 attachment': () => `${randomBytes(57).toString('base64')}\r\n`,
  // Prose of short words, as a text message body.
  'text of short words': () =>
    `${Array.from({ length: 12 }, (_, index) => WORDS[(index * 7) % WORDS.length]).join(' ')}\r\n`,
  // Worst case: every token as long as the password in UTF-8, so each one is hashed.
  'tokens as long as the password': () =>
    `${Array.from({ length: 6 }, () => randomBytes(9).toString('base64')).join(' ')}\r\n`,
};

function loggedIn(): CredentialEchoes {
  const echoes = new CredentialEchoes();
  const blob = Buffer.from(`\0${USER}\0${PASSWORD}`).toString('base64');
  echoes.rememberLine(`AUTH PLAIN ${blob}`, `AUTH PLAIN ${SECRET_MASK}`, false);
  echoes.rememberLine(`PASS ${PASSWORD}`, `PASS ${SECRET_MASK}`, false);
  return echoes;
}

function measure(echoes: CredentialEchoes, reads: readonly Buffer[]): number {
  const start = process.hrtime.bigint();
  let found = 0;
  for (const read of reads) {
    found += echoes.mask(read)?.count ?? 0;
  }
  if (found > 0) {
    throw new Error(`The flood repeated a credential ${found} time(s); use a flood without one.`);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const REPORT = path.resolve(
  process.env['MAILTAP_ECHO_MASK_REPORT'] ?? 'docs/echo-mask-benchmark.md',
);

const [load1, load5, load15] = os.loadavg().map((value) => value.toFixed(2));
const rows: string[] = [];
for (const [name, line] of Object.entries(FLOODS)) {
  const reads = flood(line);
  const before = measure(new CredentialEchoes(), reads);
  const after = measure(loggedIn(), reads);
  const mibPerSecond = FLOOD_BYTES / 1024 / 1024 / (after / 1000);
  rows.push(
    `| ${name} | ${before.toFixed(1)} | ${after.toFixed(0)} | ${mibPerSecond.toFixed(0)} |`,
  );
}

const report = `# Echo-masking benchmark

After a login, every server read is scanned for credentials the session sent, so a server that
repeats one cannot show it in the terminal or an export. This measures that scan alone
(\`CredentialEchoes.mask\`) over a 50 MiB flood in 64 KiB reads, before any credential was sent
and after an AUTH PLAIN and a PASS login. Produced by \`npm run bench:echo-mask\`
(bench/echo-mask.ts).

| flood | ms before login | ms after login | MiB/s after login |
|---|---|---|---|
${rows.join('\n')}

Measured ${new Date().toISOString().slice(0, 10)}:

- Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM
- Load average (1, 5, 15 min) when the run started: ${load1}, ${load5}, ${load15}
- Node.js ${process.version}
`;
await writeFile(REPORT, report);
console.log(`Wrote ${REPORT}`);
