import { useEffect, useState } from 'react';

/** How long the button shows "Copied" after a successful copy. */
const COPIED_FEEDBACK_MS = 1_500;

/**
 * Copies a value to the clipboard without ever showing it: the value may be a secret, such as
 * the base64 of a PLAIN message, so it stays out of the page's text.
 */
export function CopyButton({ label, value }: Readonly<{ label: string; value: string }>) {
  const [status, setStatus] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (status !== 'copied') {
      return undefined;
    }
    const timer = setTimeout(() => setStatus('idle'), COPIED_FEEDBACK_MS);
    return () => clearTimeout(timer);
  }, [status]);

  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(value);
      setStatus('copied');
    } catch {
      // Browsers refuse the clipboard outside secure contexts or without permission.
      setStatus('failed');
    }
  };

  return (
    <span className="copy-button">
      <button type="button" aria-label={`Copy ${label}`} onClick={() => void copy()}>
        {status === 'copied' ? 'Copied' : `Copy ${label}`}
      </button>
      {status === 'failed' ? (
        <span role="alert" className="auth-error">
          The browser refused clipboard access.
        </span>
      ) : null}
    </span>
  );
}
