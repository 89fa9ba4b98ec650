/**
 * Returns one sentence per environment variable that changes how TLS behaves in this process,
 * for the log at start and a banner in the window. The engine does not depend on either: it
 * verifies every certificate itself and uses only the bundled roots and the user's CA file.
 */
export function tlsEnvironmentWarnings(
  environment: Readonly<Record<string, string | undefined>>,
): string[] {
  const warnings: string[] = [];
  if (environment['NODE_TLS_REJECT_UNAUTHORIZED'] === '0') {
    warnings.push(
      'NODE_TLS_REJECT_UNAUTHORIZED=0 is set. Mailtap still verifies every certificate and marks untrusted ones, but other TLS code in this process would accept any certificate; unset it.',
    );
  }
  const extraCa = environment['NODE_EXTRA_CA_CERTS'];
  if (extraCa !== undefined && extraCa !== '') {
    warnings.push(
      `NODE_EXTRA_CA_CERTS is set to ${extraCa}, but Mailtap does not trust it; add that file as the CA file of a connection instead.`,
    );
  }
  return warnings;
}
