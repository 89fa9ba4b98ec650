import { useId, useState } from 'react';

import type { CramMd5Computation } from '../../../shared/sasl/types';
import { describeFailure } from '../api/request-errors';
import { useSessionStore } from '../store/store-context';
import { CopyButton } from './copy-button';

interface CalculatorProps {
  readonly username: string;
  /**
   * The typed password, or null while the helper uses a stored one: that one stays in the main
   * process, and so does any digest keyed with it.
   */
  readonly secret: string | null;
  /** The base64 of the last challenge the server sent in this session, if any. */
  readonly lastChallenge: string | null;
}

/**
 * Computes a CRAM-MD5 response for a pasted challenge and shows each step (decoded challenge,
 * HMAC-MD5 digest, `user digest`), so a digest computed elsewhere can be compared.
 */
export function CramMd5Calculator({ username, secret, lastChallenge }: CalculatorProps) {
  const store = useSessionStore();
  const [challenge, setChallenge] = useState('');
  const [result, setResult] = useState<CramMd5Computation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const compute = async (): Promise<void> => {
    if (secret === null) {
      return;
    }
    try {
      setResult(await store.computeCramMd5(challenge, username, secret));
      setError(null);
    } catch (reason) {
      setResult(null);
      setError(describeFailure(reason));
    }
  };

  return (
    <section className="auth-calculator" aria-label="CRAM-MD5 calculator">
      <h3>CRAM-MD5 calculator</h3>
      <label htmlFor={id}>Challenge (base64)</label>
      <div className="auth-row">
        <input
          id={id}
          value={challenge}
          spellCheck={false}
          autoComplete="off"
          onChange={(event) => setChallenge(event.target.value)}
        />
        {lastChallenge === null ? null : (
          <button type="button" onClick={() => setChallenge(lastChallenge)}>
            Use last
          </button>
        )}
        <button type="button" disabled={secret === null} onClick={() => void compute()}>
          Compute
        </button>
      </div>
      {secret === null ? (
        <p className="field-hint">
          The calculator needs a typed password, because the saved one never leaves the main
          process. Clear "Use the saved password" to type it.
        </p>
      ) : null}
      {error === null ? null : (
        <p role="alert" className="auth-error">
          {error}
        </p>
      )}
      {result === null ? null : (
        <dl>
          <dt>Decoded</dt>
          <dd>
            <code>{result.challengeText}</code>
          </dd>
          <dt>HMAC-MD5</dt>
          <dd>
            <code>{result.digestHex}</code>
          </dd>
          <dt>Response</dt>
          <dd>
            <code>{result.responseText}</code>
            <CopyButton label="response (base64)" value={result.responseBase64} />
          </dd>
        </dl>
      )}
    </section>
  );
}
