import { useId, useRef, useState } from 'react';

import type { CertificateFileCheck } from '../../../shared/certificates/model';
import { MAX_CA_PEM_LENGTH } from '../../../shared/ipc/validate';
import type { CertificateFileState } from '../store/store-state';
import { useSessionStore, useStoreState } from '../store/store-context';

/** A CA file read in the window, sent to the engine as PEM text. */
interface ChosenCaFile {
  readonly name: string;
  readonly pem: string;
}

/** Builds the check from the fields, leaving out the empty ones. */
function checkOf(verifyName: string, caFile: string, chosen: ChosenCaFile | null) {
  const check: CertificateFileCheck = {
    ...(verifyName.trim() === '' ? {} : { verifyName: verifyName.trim() }),
    ...(caFile.trim() === '' ? {} : { caFile: caFile.trim() }),
    ...(chosen === null ? {} : { caPem: chosen.pem }),
  };
  return check;
}

/**
 * Lets the user check an opened certificate file against a host name and a CA file: a path on
 * the engine's machine (the connection form's CA file by default) or a file chosen here.
 */
export function FileCheckForm({ file }: Readonly<{ file: CertificateFileState }>) {
  const store = useSessionStore();
  const formCaFile = useStoreState((state) => state.form.caFile);
  const [verifyName, setVerifyName] = useState(file.check.verifyName ?? '');
  const [caFile, setCaFile] = useState(file.check.caFile ?? formCaFile);
  const [chosen, setChosen] = useState<ChosenCaFile | null>(null);
  const [chooseError, setChooseError] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const nameId = useId();
  const caFileId = useId();
  const bytes = file.bytes;

  const choose = async (picked: File): Promise<void> => {
    if (picked.size > MAX_CA_PEM_LENGTH) {
      setChooseError(
        `${picked.name} has ${picked.size} bytes; a CA file may have at most ${MAX_CA_PEM_LENGTH}.`,
      );
      return;
    }
    const pem = await picked.text();
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
      setChooseError(`${picked.name} contains no PEM certificate ("-----BEGIN CERTIFICATE-----").`);
      return;
    }
    setChooseError(null);
    setChosen({ name: picked.name, pem });
  };

  return (
    <form
      className="file-check-form"
      aria-label="Check the file"
      onSubmit={(event) => {
        event.preventDefault();
        if (bytes !== null) {
          void store.openCertificateFile(file.fileName, bytes, checkOf(verifyName, caFile, chosen));
        }
      }}
    >
      <label htmlFor={nameId}>Host name to check</label>
      <input
        id={nameId}
        type="text"
        value={verifyName}
        placeholder="mail.example.com or 192.0.2.25; blank: no name check"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setVerifyName(event.target.value)}
      />
      <label htmlFor={caFileId}>CA file path</label>
      <input
        id={caFileId}
        type="text"
        value={caFile}
        placeholder="PEM file on the machine that runs the Mailtap engine"
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setCaFile(event.target.value)}
      />
      <div className="file-check-actions">
        <button type="button" onClick={() => picker.current?.click()}>
          Choose CA file…
        </button>
        <input
          ref={picker}
          type="file"
          hidden
          aria-label="CA file to add"
          accept=".pem,.crt,.cer,.txt"
          onChange={(event) => {
            const picked = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (picked !== undefined) {
              void choose(picked);
            }
          }}
        />
        {chosen === null ? null : (
          <span>
            Added: {chosen.name}{' '}
            <button type="button" onClick={() => setChosen(null)}>
              Remove
            </button>
          </span>
        )}
        <button type="submit" className="primary" disabled={bytes === null}>
          Check again
        </button>
      </div>
      {chooseError === null ? null : <p className="facts-warning">{chooseError}</p>}
    </form>
  );
}
