/*
 * ADD with a URL downloads at build time and trusts whatever comes back;
 * `--checksum=sha256:...` makes BuildKit verify the content and fail on any
 * change. A Git source is pinned when its ref (`#...`) is a full commit hash,
 * which names exactly one tree; a branch or tag can move, so it needs
 * `--checksum=<commit>` (Dockerfile syntax 1.10+) like any other URL. So is
 * a download URL that names a full commit hash (`?commit=<sha>`,
 * `raw.githubusercontent.com/org/repo/<sha>/file`, `/archive/<sha>.tar.gz`):
 * the forge serves that commit's content and nothing else. A URL held in a
 * variable cannot be judged and is left alone.
 */
import { flagValue } from '../../stages/stageGraph';
import { defineRule } from '../types';
import { copySources, isGitSource, isRemoteSource } from '../shared/copySources';

/** A Git ref that names a single commit: a full SHA-1 or SHA-256 hash. */
function pinnedToCommit(source: string): boolean {
  const ref = source.split('#')[1]?.split(':')[0] ?? '';
  return /^([0-9a-f]{40}|[0-9a-f]{64})$/i.test(ref);
}

/** A download URL with a full commit hash as a path segment or query value. */
function urlNamesCommit(source: string): boolean {
  return /[/=]([0-9a-f]{40}|[0-9a-f]{64})(?=[/&.#]|$)/i.test(source.split('#')[0]);
}

export const addRemoteUrl = defineRule<{ url: string; git: boolean }>({
  id: 'add-remote-url',
  severity: 'warning',
  category: 'security',
  description: 'ADD fetches a URL without --checksum, so nothing verifies what it downloads.',
  message: ({ url, git }) =>
    git
      ? `ADD fetches the Git repository "${url}" at a movable ref; pin a full commit hash or add --checksum=<commit>`
      : `ADD fetches "${url}" without --checksum; add --checksum=sha256:<digest> so a changed download fails the build`,
  check: context =>
    context.parsed.instructions
      .filter(i => i.keyword === 'ADD' && flagValue(i, 'checksum') === undefined)
      .flatMap(instruction =>
        copySources(instruction)
          .filter(source => isRemoteSource(source))
          .filter(source => !(isGitSource(source) && pinnedToCommit(source)))
          .filter(source => isGitSource(source) || !urlNamesCommit(source))
          .map(url => ({
            line: instruction.line,
            endLine: instruction.endLine,
            stage: context.stageOf(instruction)?.index ?? null,
            data: { url, git: isGitSource(url) },
          })),
      ),
});
