/*
 * ARG and ENV values end up in the image: ENV in its config, ARG in the
 * history of every RUN that sees it (and in provenance attestations), so a
 * credential passed that way is readable by anyone who can pull the image.
 * The name patterns are BuildKit's (dockerfile2llb getSecretsRegex): a
 * secret-like token as one of the name's underscore-separated words, unless
 * another word says the value is public, a file path or a version
 * (`PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_VERSION`).
 * BuildKit checks ARGs inside stages only (dispatchArg); global ARGs before
 * the first FROM (buildMetaArgs) are not checked. Here a global ARG is
 * reported when it has a default value: that default is a credential written
 * into the Dockerfile itself, and every stage that redeclares the ARG gets it.
 * A global ARG without a default leaks nothing by itself; the stage that
 * redeclares it to use it is reported, as in BuildKit.
 * Beyond BuildKit's exceptions, a name whose other words say it holds where
 * or which credential rather than the credential itself is not reported:
 * `SIGNING_KEY_URL`, `SSH_KEY_PATH`, `API_KEY_ID`, `TOKEN_HEADER`, and GPG
 * keys (`GPG_KEY`, `NODE_GPG_KEYS`), which are public keys or fingerprints
 * used to verify downloads. Keys made to be public are not reported either:
 * site keys (`CAPTCHA_SITE_KEY`), publishable keys, and variables a front-end
 * build compiles into the browser bundle (`VITE_`, `NEXT_PUBLIC_`,
 * `REACT_APP_`, `EXPO_PUBLIC_`, `GATSBY_`, `NUXT_PUBLIC_`), and analytics
 * project keys (PostHog, Mixpanel, Amplitude, Segment). Names whose words
 * make them a behaviour flag (`APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE`,
 * `SKIP_TOKEN_CHECK`) are settings, not credentials. An ENV set to an
 * empty value (`ENV OPENAI_API_KEY=""`, naming what the container reads at
 * run time) puts nothing in the image; an ARG without a value is how a
 * credential gets passed to the build, so it is still reported.
 */
import type { Instruction } from '../../parser/types';
import { looksLikeSecretName } from '../../secrets/secretNames';
import { defineRule, type Problem } from '../types';

/** Words that make the name about a reference to a credential, or about a public key. */
const referenceWord =
  /(?:_|^)(?:url|urls|uri|path|dir|id|ids|fingerprint|fingerprints|name|server|servers|host|type|algorithm|length|size|header|endpoint|location|gpg|pgp|gnupg|keyring|keyserver|site|publishable|mode|enabled|prefix|suffix|no|dont|warn|skip|disable|allow|verify|check)(?:_|$)/i;
/** Analytics services whose project keys are public by design (they ship in every page); not their personal keys. */
const publicAnalyticsKey = /(?:_|^)(posthog|mixpanel|amplitude|segment)_(?!personal)/i;
/** Prefixes of variables that front-end builds compile into the browser bundle, public by design. */
const bundledPrefix = /^(VITE|NEXT_PUBLIC|REACT_APP|EXPO_PUBLIC|GATSBY|NUXT_PUBLIC)_/i;

/** A credential-looking name, less the ones that name a reference or a public key. */
function looksLikeCredential(name: string): boolean {
  return looksLikeSecretName(name) && !referenceWord.test(name) && !bundledPrefix.test(name) && !publicAnalyticsKey.test(name);
}

export interface SecretInArgEnvData {
  keyword: string;
  name: string;
  /** A global ARG (before the first FROM) with a default value. */
  globalDefault?: boolean;
}


/** Global ARGs (before the first FROM) that give a secret-looking name a non-empty default. */
function globalDefaults(instructions: Instruction[]): Problem<SecretInArgEnvData>[] {
  const problems: Problem<SecretInArgEnvData>[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') break;
    if (instruction.keyword !== 'ARG') continue;
    for (const word of instruction.args) {
      const eq = word.indexOf('=');
      if (eq < 0 || /^(''|"")?$/.test(word.slice(eq + 1)) || !looksLikeCredential(word.slice(0, eq))) continue;
      problems.push({
        line: instruction.line,
        endLine: instruction.endLine,
        stage: null,
        data: { keyword: 'ARG', name: word.slice(0, eq), globalDefault: true },
      });
    }
  }
  return problems;
}

export const secretInArgEnv = defineRule<SecretInArgEnvData>({
  id: 'secret-in-arg-env',
  severity: 'info',
  category: 'security',
  description: 'An ARG or ENV name looks like a credential, whose value would persist in the image.',
  alsoKnownAs: 'SecretsUsedInArgOrEnv',
  message: ({ keyword, name, globalDefault }) =>
    globalDefault
      ? `Do not put sensitive data in a global ARG default (ARG "${name}"): the value is written in the Dockerfile ` +
        'and reaches every stage that redeclares it; use a secret mount (RUN --mount=type=secret) instead'
      : `Do not use ARG or ENV instructions for sensitive data (${keyword} "${name}"): ` +
        'use a secret mount (RUN --mount=type=secret) instead',
  check: context => [
    ...globalDefaults(context.parsed.instructions),
    ...context.graph.stages.flatMap(stage =>
      stage.instructions.flatMap(instruction => {
        let names: string[] = [];
        if (instruction.keyword === 'ARG') {
          names = instruction.args.map(word => word.split('=', 1)[0]);
        } else if (instruction.keyword === 'ENV') {
          // ENV args come as name, value, separator triples; an empty value holds no credential.
          names = instruction.args.filter((_, i) => i % 3 === 0 && !/^(''|"")?$/.test(instruction.args[i + 1] ?? ''));
        }
        return names.filter(looksLikeCredential).map(name => ({
          line: instruction.line,
          endLine: instruction.endLine,
          stage: stage.index,
          data: { keyword: instruction.keyword, name },
        }));
      }),
    ),
  ],
});
