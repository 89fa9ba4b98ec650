import type { MailtapError } from '../../shared/errors';
import type { SessionSnapshot } from '../../shared/session';
import type { CredentialEchoes } from './credential-echoes';

/**
 * Masks the server text that a snapshot carries (the auth helper's challenge and final reply, an
 * error's reply) where it repeats a credential the session sent. The renderer shows these
 * strings, so they must match the masked terminal. The last reply is masked when it is stored.
 */
export function maskSnapshotEchoes(
  snapshot: SessionSnapshot,
  echoes: CredentialEchoes,
): SessionSnapshot {
  if (echoes.empty) {
    return snapshot;
  }
  const mask = (text: string): string => echoes.maskText(text);
  const { auth } = snapshot;
  return {
    ...snapshot,
    error: snapshot.error === null ? null : maskError(snapshot.error, mask),
    auth:
      auth === null
        ? null
        : {
            ...auth,
            lastChallenge:
              auth.lastChallenge === null
                ? null
                : {
                    base64: mask(auth.lastChallenge.base64),
                    text: mask(auth.lastChallenge.text),
                  },
            finalReply: auth.finalReply === null ? null : mask(auth.finalReply),
            explanation: auth.explanation === null ? null : mask(auth.explanation),
          },
  };
}

/** Masks an error's message and context, which can quote a server reply. */
export function maskError(error: MailtapError, mask: (text: string) => string): MailtapError {
  const { reply, detail } = error.context;
  return {
    ...error,
    message: mask(error.message),
    context: {
      ...error.context,
      ...(reply === undefined ? {} : { reply: mask(reply) }),
      ...(detail === undefined ? {} : { detail: mask(detail) }),
    },
  };
}
