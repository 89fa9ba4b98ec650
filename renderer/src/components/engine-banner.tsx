import { useStoreState } from '../store/store-context';

/** Shows when browser mode has no link to the engine, and what to do about it. */
export function EngineBanner() {
  const link = useStoreState((state) => state.link);
  const missingToken = useStoreState((state) => state.missingToken);

  if (missingToken) {
    return (
      <div role="alert" className="banner banner-error">
        This page has no access token. Open the address that <code>npm run serve</code> printed; it
        ends in <code>?token=…</code>.
      </div>
    );
  }
  if (link === null || link.state === 'open') {
    return null;
  }
  if (link.state === 'connecting') {
    return <div className="banner banner-info">Connecting to the Mailtap engine…</div>;
  }
  if (link.everOpened) {
    return (
      <div role="alert" className="banner banner-error">
        Lost connection to the Mailtap engine ({link.closeDetail}) — restart{' '}
        <code>npm run serve</code> and open the address it prints.
      </div>
    );
  }
  return (
    <div role="alert" className="banner banner-error">
      Could not reach the Mailtap engine ({link.closeDetail}). Is <code>npm run serve</code>{' '}
      running? Open the address it printed, including its <code>?token=</code>.
    </div>
  );
}
