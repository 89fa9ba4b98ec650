import { describe, expect, it } from 'vitest';

import type { SessionSnapshot } from '../../../shared/session';
import { snapshot } from '../store/test-support/fake-engine';
import { tabTitles } from './tab-titles';

let nextId = 1;

function session(changes: Partial<SessionSnapshot>): SessionSnapshot {
  return snapshot({ sessionId: `s${nextId++}`, ...changes });
}

function titlesOf(sessions: SessionSnapshot[]): string[] {
  const titles = tabTitles(sessions);
  return sessions.map((item) => titles.get(item.sessionId)!);
}

describe('tabTitles', () => {
  it('keeps distinct titles as they are', () => {
    expect(
      titlesOf([session({ port: 25 }), session({ port: 587 }), session({ host: '::1' })]),
    ).toEqual(['mx.example.test:25 SMTP', 'mx.example.test:587 SMTP', '[::1]:25 SMTP']);
  });

  it('adds the security mode when it tells tabs apart', () => {
    expect(
      titlesOf([session({ port: 587, security: 'starttls' }), session({ port: 587 })]),
    ).toEqual(['mx.example.test:587 SMTP STARTTLS', 'mx.example.test:587 SMTP plain']);
  });

  it('numbers tabs that are the same in every way', () => {
    expect(titlesOf([session({}), session({}), session({ port: 587 })])).toEqual([
      'mx.example.test:25 SMTP #1',
      'mx.example.test:25 SMTP #2',
      'mx.example.test:587 SMTP',
    ]);
  });

  it('combines both when needed', () => {
    expect(
      titlesOf([session({ security: 'tls' }), session({}), session({ security: 'tls' })]),
    ).toEqual([
      'mx.example.test:25 SMTP TLS #1',
      'mx.example.test:25 SMTP plain',
      'mx.example.test:25 SMTP TLS #2',
    ]);
  });
});
