import { useStoreState } from '../store/store-context';

/** Shows the engine's warnings about its environment, such as TLS checks turned off. */
export function EnvironmentWarnings() {
  const warnings = useStoreState((state) => state.defaults?.environmentWarnings);
  if (warnings === undefined || warnings.length === 0) {
    return null;
  }
  return (
    <div role="note" aria-label="TLS settings" className="banner banner-error">
      {warnings.map((warning) => (
        <p key={warning}>{warning}</p>
      ))}
    </div>
  );
}
