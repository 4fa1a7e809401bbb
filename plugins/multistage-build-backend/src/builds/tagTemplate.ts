/*
 * Tag templates of a push: `{runId}`, `{shortRunId}`, `{commit}`, `{date}`,
 * `{target}` and `{entity}` filled in for one run. A template is checked when
 * the configuration is saved, by filling it with the longest values each
 * placeholder can have; a tag is checked again when it is made.
 */
import { InputError } from '@backstage/errors';

export interface TagValues {
  runId: string;
  /** The source's commit, when it is known. */
  commit: string | null;
  /** When the run was queued. */
  createdAt: string;
  target: string | null;
  entityName: string;
}

const placeholders = ['runId', 'shortRunId', 'commit', 'date', 'target', 'entity'] as const;
const tagPattern = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The longest value each placeholder fills in (a target or entity name longer than 40 is cut when the tag is made). */
const longestValue: Record<(typeof placeholders)[number], number> = { runId: 36, shortRunId: 8, commit: 12, date: 8, target: 40, entity: 40 };

/** Docker's tag grammar allows letters, digits, `_`, `.` and `-`: anything else in a value becomes `-`. */
const tagSafe = (value: string) => value.replace(/[^A-Za-z0-9_.-]/g, '-');

function fill(template: string, value: (name: (typeof placeholders)[number]) => string): string {
  return template.replace(/\{([A-Za-z]+)\}/g, (_, name: string) => value(name as (typeof placeholders)[number]));
}

export function checkTagTemplate(template: string, where: string): void {
  const unknown = [...template.matchAll(/\{([^}]*)\}/g)].map(m => m[1]).find(name => !(placeholders as readonly string[]).includes(name));
  if (unknown !== undefined) throw new InputError(`${where}: {${unknown}} is not a placeholder; use ${placeholders.map(p => `{${p}}`).join(', ')}`);
  const longest = fill(template, name => 'x'.repeat(longestValue[name]));
  if (!tagPattern.test(longest)) {
    throw new InputError(`${where}: "${template}" does not make a valid tag (letters, digits, _ . -, not starting with . or -, at most 128 characters with values filled in)`);
  }
}

/** The tag a template makes for a run; throws when it needs a value the run does not have. */
export function renderTag(template: string, values: TagValues): string {
  const tag = fill(template, name => {
    switch (name) {
      case 'runId':
        return values.runId;
      case 'shortRunId':
        return values.runId.slice(0, 8);
      case 'commit':
        if (!values.commit) throw new Error(`the tag template "${template}" uses {commit}, and this source has no known commit (not fetched from a repository, nor a git checkout)`);
        return values.commit.slice(0, 12);
      case 'date':
        return values.createdAt.slice(0, 10).replace(/-/g, '');
      case 'target':
        return tagSafe(values.target ?? 'default').slice(0, longestValue.target);
      default:
        return tagSafe(values.entityName).slice(0, longestValue.entity);
    }
  });
  if (!tagPattern.test(tag)) throw new Error(`the tag template "${template}" made "${tag}", which is not a valid tag`);
  return tag;
}
