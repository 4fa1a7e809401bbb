/*
 * Names that look like they hold a credential, after BuildKit's
 * SecretsUsedInArgOrEnv check (dockerfile2llb getSecretsRegex): a secret-like
 * token as one of the name's underscore-separated words, unless another word
 * says the value is public, a file path or a version (`PUBLIC_KEY`,
 * `PASSWORD_FILE`, `TOKEN_VERSION`). The analyser's secret-in-arg-env rule
 * and the backend's handling of build args use this one definition.
 */

const secretName =
  /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const allowedName = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** True when a build-arg or variable name looks like it holds a credential. */
export function looksLikeSecretName(name: string): boolean {
  return secretName.test(name) && !allowedName.test(name);
}

/** What a secret-looking value is shown as, wherever it would be returned. */
export const maskedValue = '••••••';

/** The build args with the values of secret-looking names masked. */
export function maskSecretBuildArgs(buildArgs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(buildArgs).map(([name, value]) => [name, looksLikeSecretName(name) ? maskedValue : value]),
  );
}
