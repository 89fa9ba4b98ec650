import { useEffect, useRef } from 'react';

import { MAX_CERTIFICATE_FILE_BYTES } from '../../../shared/ipc/validate';
import type { SessionStore } from '../store/session-store';
import { useSessionStore } from '../store/store-context';

async function openFile(store: SessionStore, file: File): Promise<void> {
  if (file.size > MAX_CERTIFICATE_FILE_BYTES) {
    store.showCertificateFileError(
      file.name,
      `The file has ${file.size} bytes; a certificate file may have at most ${MAX_CERTIFICATE_FILE_BYTES}.`,
    );
    return;
  }
  // The connection form's CA file applies to files too; the file view shows it and can change it.
  const caFile = store.getState().form.caFile.trim();
  await store.openCertificateFile(
    file.name,
    new Uint8Array(await file.arrayBuffer()),
    caFile === '' ? {} : { caFile },
  );
}

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false;
}

/**
 * Renders the header's "Open certificate file" button and makes the whole window a drop target,
 * so a PEM, DER or PKCS#7 file dropped anywhere opens in the certificate inspector.
 */
export function OpenCertificateFile() {
  const store = useSessionStore();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const onDragOver = (event: DragEvent): void => {
      if (carriesFiles(event)) {
        // Without this the browser opens the dropped file as a page.
        event.preventDefault();
      }
    };
    const onDrop = (event: DragEvent): void => {
      const file = event.dataTransfer?.files[0];
      if (file === undefined) {
        return;
      }
      event.preventDefault();
      void openFile(store, file);
    };
    window.addEventListener('dragover', onDragOver);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragover', onDragOver);
      window.removeEventListener('drop', onDrop);
    };
  }, [store]);

  return (
    <>
      <button
        type="button"
        className="open-certificate-file"
        title="Open a PEM, DER or PKCS#7 certificate file, or drop one on the window"
        onClick={() => input.current?.click()}
      >
        Open certificate file
      </button>
      <input
        ref={input}
        type="file"
        hidden
        aria-label="Certificate file"
        accept=".pem,.crt,.cer,.der,.p7b,.p7c,.txt"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file !== undefined) {
            void openFile(store, file);
          }
        }}
      />
    </>
  );
}
