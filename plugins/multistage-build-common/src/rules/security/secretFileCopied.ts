/*
 * A credential file copied into a stage the target needs stays in that
 * stage's layers, even when a later RUN deletes it: in the image when the
 * stage ships, in the build cache (and any exported cache, e.g.
 * `--cache-to type=registry`) when it does not. Build-time credentials
 * belong in `RUN --mount=type=secret`, which never writes them to a layer.
 * Files are judged by name: `COPY --from=<stage>` copies out of a stage
 * rather than the context, but a stage's `id_rsa` is as secret as the
 * context's. Templates (`.env.example`) and certificates (`ca.pem`,
 * `fullchain.pem`) are public and do not count, and so are the keys that
 * verify downloads: a `.key` named for a package repository or signing
 * (`repo.key`, `nodesource.gpg.key`, `release-signing.key`) or copied into
 * a keyring directory (`/usr/share/keyrings/`, `trusted.gpg.d`). `COPY . .` is not judged:
 * what it copies depends on .dockerignore, which is not in this file.
 */
import { defineRule } from '../types';
import { baseName, copySources, isRemoteSource } from '../shared/copySources';
import { stageLabel } from '../shared/stageLabel';

const secretFileNames = new Set([
  'id_rsa',
  'id_dsa',
  'id_ecdsa',
  'id_ed25519',
  '.npmrc',
  '.yarnrc.yml',
  '.pypirc',
  '.netrc',
  '_netrc',
  '.pgpass',
  '.git-credentials',
  '.dockercfg',
  '.htpasswd',
  'credentials',
  'credentials.json',
]);

/** Paths whose meaning comes from their directory: `.aws/credentials`, `.docker/config.json`, `.ssh/*`. */
const secretPaths = [/(^|[\\/])\.docker[\\/]config\.json$/i, /(^|[\\/])\.ssh[\\/][^\\/]+$/i];
const publicSshFiles = /(\.pub|known_hosts|config)$/i;

const envTemplate = /^\.env\.(example|sample|template|dist|defaults?)$/i;
/** Words in a `.pem` name that mark a certificate (public) rather than a key. */
const certificateWord = /^(ca|cacert|cert|certs|certificate|chain|fullchain|bundle|crt|pub|public|root)$/i;
const keyWord = /^(key|priv|private|privkey|secret)$/i;

/** Words in a `.key` name that mark a public key for verifying packages or downloads. */
const verificationKeyWord =
  /^(gpg|pgp|asc|apt|repo|repository|release|releases|signing|sign|signature|archive|keyring|pub|public|pubkey|gnupg)$/i;
/** Destinations where only public verification keys go. */
const keyringDestination = /(keyrings?|trusted\.gpg\.d|rpm-gpg|apt\/)|[-_.]pub(lic)?$|\.(asc|gpg)$/i;

/** Settings files that a project commits, and a user's home holds with a login token. */
const projectSettings = new Set(['.npmrc', '.yarnrc.yml']);

/** Directories whose files are test data: their credentials are dummies. */
const testDirectory = /(^|[\\/])(tests?|testdata|test-data|fixtures?|__fixtures__|e2e|spec|testing|mocks?)[\\/]/i;
/** Words in a file name that mark a dummy credential. */
const dummyWord = /^(localhost|example|sample|dummy|fake|test|testing|snakeoil|insecure|selfsigned|self-signed|dev)$/i;

/** True when a source path names a credential file. */
function isCredentialFile(source: string): boolean {
  const name = baseName(source).toLowerCase();
  if (testDirectory.test(source) || name.split(/[-_.]/).some(w => dummyWord.test(w))) return false;
  if (secretPaths.some(p => p.test(source))) return !publicSshFiles.test(name);
  if (projectSettings.has(name) && !/^(\/|~)/.test(source)) return false;
  if (secretFileNames.has(name)) return true;
  if (name === '.env' || (name.startsWith('.env.') && !envTemplate.test(name))) return true;
  if (name.endsWith('.key')) return !name.slice(0, -4).split(/[-_.]/).some(w => verificationKeyWord.test(w));
  if (/\.(p12|pfx|jks|keystore)$/.test(name)) return true;
  if (name.endsWith('.pem')) {
    const words = name.slice(0, -4).split(/[-_.]/);
    return words.some(w => keyWord.test(w)) || !words.some(w => certificateWord.test(w));
  }
  return false;
}

export const secretFileCopied = defineRule<{ keyword: string; source: string; stage: string }>({
  id: 'secret-file-copied',
  severity: 'error',
  category: 'security',
  description: 'A credential-like file is copied into a stage that reaches the final image.',
  message: ({ keyword, source, stage }) =>
    `${keyword} copies the credential-like file "${source}" into ${stage}, whose layers keep it ` +
    'even if it is deleted later; use RUN --mount=type=secret instead',
  check: context =>
    context.graph.stages
      .filter(stage => context.neededStages.has(stage.index))
      .flatMap(stage =>
        stage.instructions.flatMap(instruction =>
          copySources(instruction)
            .filter(() => !keyringDestination.test(instruction.args[instruction.args.length - 1] ?? ''))
            .filter(source => !source.includes('$') && !isRemoteSource(source) && isCredentialFile(source))
            .map(source => ({
              line: instruction.line,
              endLine: instruction.endLine,
              stage: stage.index,
              data: { keyword: instruction.keyword, source, stage: stageLabel(stage) },
            })),
        ),
      ),
});
