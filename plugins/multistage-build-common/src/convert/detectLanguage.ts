/*
 * Which recipe a single-stage Dockerfile needs, read from the file itself:
 * the base image decides, and the commands explain a refusal when the base
 * is a plain OS image (`alpine`, `ubuntu`) the converter cannot rebuild on.
 */
import type { ConvertLanguage, SourceCommand, SourceFacts } from './types';

/** Base image names (last path part) and the language they build. */
export const languageImages: Record<string, ConvertLanguage> = {
  node: 'node',
  python: 'python',
  golang: 'go',
  maven: 'java',
  gradle: 'java',
  openjdk: 'java',
  'eclipse-temurin': 'java',
  amazoncorretto: 'java',
  rust: 'rust',
};

const commandHints: [RegExp, ConvertLanguage][] = [
  [/^(npm|yarn|pnpm|npx)$/, 'node'],
  [/^(pip|pip3|poetry)$/, 'python'],
  [/^go$/, 'go'],
  [/^(mvn|\.\/mvnw|gradle|\.\/gradlew)$/, 'java'],
  [/^cargo$/, 'rust'],
];

/** The first command that suggests a language, for a helpful refusal. */
function hintedLanguage(commands: SourceCommand[]): { language: ConvertLanguage; command: SourceCommand } | null {
  for (const command of commands) {
    const hint = commandHints.find(([pattern]) => pattern.test(command.words[0] ?? ''));
    if (hint) return { language: hint[1], command };
  }
  return null;
}

export type Detection = { ok: true; language: ConvertLanguage } | { ok: false; reason: string };

/** Detects the language from the base image; explains what was expected when it cannot. */
export function detectLanguage(facts: SourceFacts): Detection {
  const language = languageImages[facts.image.name];
  if (language) return { ok: true, language };
  const expected = `expected a base image of ${Object.keys(languageImages).join(', ')}`;
  const hint = hintedLanguage(facts.commands);
  const because = hint
    ? ` (\`${hint.command.text}\` on line ${hint.command.line} suggests ${hint.language}: start FROM that language's official image)`
    : '';
  return {
    ok: false,
    reason: `${facts.path}:${facts.image.line}: the base image ${facts.image.text} is not a language image the converter knows${because}; ${expected}`,
  };
}
