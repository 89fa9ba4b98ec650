import { describe, expect, it } from 'vitest';

import { parseHostInput } from './host-input';

describe('parseHostInput', () => {
  it.each([
    ['mx.example.com', 'mx.example.com', null],
    ['  mx.example.com  ', 'mx.example.com', null],
    ['127.0.0.2', '127.0.0.2', null],
    ['2001:db8::25', '2001:db8::25', null],
    ['[2001:db8::25]', '[2001:db8::25]', null],
    ['fe80::1%eth0', 'fe80::1%eth0', null],
    ['mx.example.com:587', 'mx.example.com', '587'],
    ['127.0.0.2:25', '127.0.0.2', '25'],
    ['[2001:db8::25]:465', '[2001:db8::25]', '465'],
    ['smtp://127.0.0.2:25', '127.0.0.2', '25'],
    ['smtps://mx.example.com', 'mx.example.com', null],
    ['imap://alice@imap.example.com:143/INBOX', 'imap.example.com', '143'],
    ['mx.example.com/', 'mx.example.com', null],
    ['mx.example.com:smtp', 'mx.example.com:smtp', null],
  ])('reads %j as host %j and port %j', (text, host, port) => {
    const parsed = parseHostInput(text);
    expect(parsed.host).toBe(host);
    expect(parsed.port).toBe(port);
  });

  it('says nothing when nothing changed', () => {
    expect(parseHostInput(' mx.example.com ').notes).toEqual([]);
    expect(parseHostInput('::1').notes).toEqual([]);
  });

  it('names every change', () => {
    expect(parseHostInput('imap://alice@imap.example.com:143/INBOX').notes).toEqual([
      'Removed "imap://": choose the protocol under Protocol.',
      'Removed the path "/INBOX".',
      'Removed the user name "alice@": log in with the Auth tab.',
      'Moved port 143 into Port.',
    ]);
  });
});
