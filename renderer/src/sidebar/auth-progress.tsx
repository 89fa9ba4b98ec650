import type { AuthProgress } from '../../../shared/sasl/types';

const STATE_TEXT: Readonly<Record<AuthProgress['state'], string>> = {
  running: 'waiting for the server…',
  succeeded: 'accepted',
  failed: 'refused',
};

const SIGNATURE_TEXT: Readonly<Record<'verified' | 'mismatch' | 'missing', string>> = {
  verified: 'verified: the server knows the password',
  mismatch: 'WRONG: the server does not know the password',
  missing: 'not received',
};

/**
 * Renders the engine's view of the last exchange: masked lines sent, the challenge, the outcome.
 * While it runs, a button stops it, for a server that never replies.
 */
export function AuthProgressView({
  progress,
  onStop,
}: Readonly<{ progress: AuthProgress; onStop: () => void }>) {
  const stateClass =
    progress.state === 'failed'
      ? 'facts-warning'
      : progress.state === 'succeeded'
        ? 'facts-ok'
        : undefined;
  return (
    <section className="auth-progress" aria-label="Last exchange">
      <h3>Last exchange</h3>
      <dl>
        <dt>Started</dt>
        <dd>
          <code>{progress.label}</code>
        </dd>
        <dt>Outcome</dt>
        <dd className={stateClass}>
          {STATE_TEXT[progress.state]}
          {progress.state === 'running' ? (
            <button type="button" className="auth-stop" onClick={onStop}>
              Stop waiting
            </button>
          ) : null}
        </dd>
        <dt>Sent</dt>
        <dd>
          {progress.sentLines.map((line, index) => (
            <code key={index} className="auth-line">
              {line === '' ? '(empty line)' : line}
            </code>
          ))}
        </dd>
        {progress.lastChallenge === null ? null : (
          <>
            <dt>Challenge</dt>
            <dd>
              <code className="auth-line">{progress.lastChallenge.base64 || '(empty)'}</code>
              <span className="auth-decoded">{progress.lastChallenge.text || '(empty)'}</span>
            </dd>
          </>
        )}
        {progress.serverSignature === null ? null : (
          <>
            <dt>Server signature</dt>
            <dd className={progress.serverSignature === 'verified' ? 'facts-ok' : 'facts-warning'}>
              {SIGNATURE_TEXT[progress.serverSignature]}
            </dd>
          </>
        )}
        {progress.finalReply === null ? null : (
          <>
            <dt>Reply</dt>
            <dd>
              <code>{progress.finalReply}</code>
            </dd>
          </>
        )}
      </dl>
      {progress.explanation === null ? null : (
        <p className="auth-explanation">{progress.explanation}</p>
      )}
    </section>
  );
}
