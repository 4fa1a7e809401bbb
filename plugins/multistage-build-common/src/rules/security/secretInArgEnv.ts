/*
 * ARG and ENV values end up in the image: ENV in its config, ARG in the
 * history of every RUN that sees it (and in provenance attestations), so a
 * credential passed that way is readable by anyone who can pull the image.
 * The name patterns are BuildKit's (dockerfile2llb getSecretsRegex): a
 * secret-like token as one of the name's underscore-separated words, unless
 * another word says the value is public, a file path or a version
 * (`PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_VERSION`).
 * Like BuildKit, only ARGs inside stages count: a global ARG reaches no
 * instruction until a stage redeclares it, and that redeclaration is checked.
 */
import { defineRule } from '../types';

const secretName =
  /(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)/i;
const allowedName = /(?:_|^)(?:public|file|version)(?:_|$)/i;

/** True when BuildKit's SecretsUsedInArgOrEnv would flag the name. */
function looksLikeSecretName(name: string): boolean {
  return secretName.test(name) && !allowedName.test(name);
}

export const secretInArgEnv = defineRule<{ keyword: string; name: string }>({
  id: 'secret-in-arg-env',
  severity: 'warning',
  category: 'security',
  description: 'An ARG or ENV name looks like a credential, whose value would persist in the image.',
  alsoKnownAs: 'SecretsUsedInArgOrEnv',
  message: ({ keyword, name }) =>
    `Do not use ARG or ENV instructions for sensitive data (${keyword} "${name}"): ` +
    'use a secret mount (RUN --mount=type=secret) instead',
  check: context =>
    context.graph.stages.flatMap(stage =>
      stage.instructions.flatMap(instruction => {
        let names: string[] = [];
        if (instruction.keyword === 'ARG') {
          names = instruction.args.map(word => word.split('=', 1)[0]);
        } else if (instruction.keyword === 'ENV') {
          names = instruction.args.filter((_, i) => i % 3 === 0);
        }
        return names.filter(looksLikeSecretName).map(name => ({
          line: instruction.line,
          endLine: instruction.endLine,
          stage: stage.index,
          data: { keyword: instruction.keyword, name },
        }));
      }),
    ),
});
