import dgram from 'node:dgram';
import net from 'node:net';

/** How the fake resolver answers one name. */
export type DnsAnswer =
  | { readonly kind: 'records'; readonly a?: readonly string[]; readonly aaaa?: readonly string[] }
  | { readonly kind: 'nxdomain' }
  | { readonly kind: 'servfail' }
  /** No answer until `release()`; then NXDOMAIN. */
  | { readonly kind: 'hold' };

export interface FakeDnsServer {
  /** Names asked for so far, lower-cased, in order, one entry per query packet. */
  readonly queries: string[];
  /** Names whose queries are held right now. */
  heldNames(): string[];
  /** Answers every held query with NXDOMAIN; resolves once the answers are sent. */
  release(): Promise<void>;
  close(): Promise<void>;
}

const TYPE_A = 1;
const TYPE_AAAA = 28;
const CLASS_IN = 1;
const RCODE_SERVFAIL = 2;
const RCODE_NXDOMAIN = 3;
const HEADER_BYTES = 12;
const ANSWER_TTL_SECONDS = 60;

interface Question {
  readonly id: number;
  readonly flags: number;
  readonly name: string;
  readonly type: number;
  /** The question section exactly as received, for the answer to repeat. */
  readonly section: Buffer;
}

function parseQuestion(message: Buffer): Question | null {
  if (message.length < HEADER_BYTES + 5) {
    return null;
  }
  const labels: string[] = [];
  let offset = HEADER_BYTES;
  for (let length = message[offset]!; length > 0; length = message[offset]!) {
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('latin1'));
    offset += length + 1;
    if (offset >= message.length) {
      return null;
    }
  }
  const end = offset + 1 + 4;
  return {
    id: message.readUInt16BE(0),
    flags: message.readUInt16BE(2),
    name: labels.join('.').toLowerCase(),
    type: message.readUInt16BE(offset + 1),
    section: message.subarray(HEADER_BYTES, end),
  };
}

function addressBytes(address: string, type: number): Buffer {
  if (type === TYPE_A) {
    return Buffer.from(address.split('.').map(Number));
  }
  // Expand `::` so that every group of the IPv6 address is written.
  const [head = '', tail = ''] = address.includes('::') ? address.split('::') : [address, ''];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = [
    ...headGroups,
    ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'),
    ...tailGroups,
  ];
  const bytes = Buffer.alloc(16);
  groups.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

function buildResponse(question: Question, rcode: number, addresses: readonly string[]): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt16BE(question.id, 0);
  // QR, the client's RD bit, RA, and the response code.
  header.writeUInt16BE(0x8080 | (question.flags & 0x0100) | rcode, 2);
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(addresses.length, 6);
  const answers = addresses.map((address) => {
    const data = addressBytes(address, question.type);
    const record = Buffer.alloc(12);
    // A pointer to the name in the question section.
    record.writeUInt16BE(0xc000 | HEADER_BYTES, 0);
    record.writeUInt16BE(question.type, 2);
    record.writeUInt16BE(CLASS_IN, 4);
    record.writeUInt32BE(ANSWER_TTL_SECONDS, 6);
    record.writeUInt16BE(data.length, 10);
    return Buffer.concat([record, data]);
  });
  return Buffer.concat([header, question.section, ...answers]);
}

/**
 * A DNS server on UDP for the resolver tests, answering A and AAAA queries from a table. It runs
 * inside a network namespace whose resolv.conf points at it, so getaddrinfo asks it and nothing
 * else. Unknown names get NXDOMAIN.
 */
export async function startFakeDnsServer(
  answers: Readonly<Record<string, DnsAnswer>>,
  address = '127.0.0.1',
  port = 53,
): Promise<FakeDnsServer> {
  const socket = dgram.createSocket(net.isIPv6(address) ? 'udp6' : 'udp4');
  const queries: string[] = [];
  const held: { question: Question; reply: (message: Buffer) => Promise<void> }[] = [];

  socket.on('message', (message, peer) => {
    const question = parseQuestion(message);
    if (question === null) {
      return;
    }
    queries.push(question.name);
    const reply = (response: Buffer): Promise<void> =>
      new Promise((resolve) => socket.send(response, peer.port, peer.address, () => resolve()));
    const answer = answers[question.name] ?? { kind: 'nxdomain' };
    switch (answer.kind) {
      case 'hold':
        held.push({ question, reply });
        return;
      case 'nxdomain':
        void reply(buildResponse(question, RCODE_NXDOMAIN, []));
        return;
      case 'servfail':
        void reply(buildResponse(question, RCODE_SERVFAIL, []));
        return;
      case 'records': {
        const list =
          question.type === TYPE_AAAA
            ? (answer.aaaa ?? [])
            : question.type === TYPE_A
              ? (answer.a ?? [])
              : [];
        void reply(buildResponse(question, 0, list));
      }
    }
  });

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => {
      socket.off('error', reject);
      resolve();
    });
  });

  return {
    queries,
    heldNames: () => [...new Set(held.map((entry) => entry.question.name))],
    release: async () => {
      await Promise.all(
        held
          .splice(0)
          .map((entry) => entry.reply(buildResponse(entry.question, RCODE_NXDOMAIN, []))),
      );
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
