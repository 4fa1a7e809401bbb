/*
 * Every instruction adds a layer, and a layer can only hide files of the
 * layers below it, never reclaim their bytes: `RUN rm -rf /var/lib/apt/lists/*`
 * in its own RUN leaves the lists in the image and adds a whiteout on top.
 * Only the shipped image counts: the shipped stage and the stages it is built
 * FROM, oldest first.
 *
 * What an instruction created is read only from what writes files: COPY/ADD
 * destinations and the RUN commands that name their output (mkdir, touch,
 * cp/mv/ln targets, curl -o, wget -O/-P, tar -x -C, tar -c -f, unzip -d,
 * git clone, `>` redirections, tee). A path merely mentioned (`cd /src`,
 * `chmod +x /app/run`) creates nothing. Relative paths are resolved against
 * the WORKDIR and any `cd` earlier in the same RUN. When several earlier
 * instructions created what a clean-up removes, the finding names the most
 * specific creator (the file downloaded into a directory rather than the
 * `mkdir` of that directory), the latest on a tie. A directory copied in
 * (`COPY . /app`, `COPY --from=build /out /out`) vouches only for its
 * destination: what is in it is not in this file, so removing `/app/dist`
 * later is not blamed on it (it may never have been in the context).
 */
import { runText } from '../shared/runText';
import type { Instruction } from '../../parser/types';
import { baseName, copySources, isRemoteSource } from '../shared/copySources';
import {
  cacheLocations, mountedAwayTargets, normalizePath, packageCommand, packageCommandsIn, pathsOverlap, removedPaths,
  type PackageManager,
} from '../shared/packageManagers';
import type { RuleContext } from '../ruleContext';
import { defineRule, type Problem } from '../types';

interface Data {
  command: string;
  createdLine: number;
}

/** A path an instruction wrote; `tree` when everything below it came from the instruction too. */
interface Output {
  path: string;
  tree: boolean;
}

/** What an instruction leaves in its layer, as far as a later clean-up could refer to it. */
interface Created {
  line: number;
  outputs: Output[];
  managers: Set<PackageManager>;
  packages: Set<string>;
  /** What the instruction removed again itself (`rm` paths, cleaned caches): nothing of that is left in its layer. */
  removed: string[];
  cleaned: Set<PackageManager>;
}

/** Resolves a path word against a directory; null when a variable or an unknown directory leaves it open. */
function resolve(dir: string | null, word: string): string | null {
  const path = normalizePath(word);
  if (path === '' || path.includes('$') || (!path.startsWith('/') && dir === null)) return null;
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${dir}/${path}`).split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return normalizePath(`/${parts.join('/')}`);
}

/** A COPY/ADD or cp source that is probably a directory: `dir/`, `.`, or a lower-case name without an extension. */
const looksLikeDirectory = (source: string) =>
  /[\\/]$|^\.\.?$/.test(source) || /^[a-z][a-z0-9_-]*$/.test(baseName(source));

function copyOutputs(instruction: Instruction, workdir: string | null): Output[] {
  const dest = instruction.args[instruction.args.length - 1] ?? '';
  const sources = copySources(instruction);
  const intoDirectory = /[\\/]$|^\.\.?$/.test(dest) || sources.length > 1;
  const archive = (s: string) => instruction.keyword === 'ADD' && !isRemoteSource(s) && /\.(tar|t?gz|tgz|bz2|xz|zst)$/.test(s);
  const outputs = sources.map(source => {
    // What a copied directory holds (the build context, a stage's folder) is not in this file: a later
    // removal of something inside it may remove nothing it brought, so only the destination itself is known.
    if (looksLikeDirectory(source)) return { path: dest, tree: false };
    if (archive(source)) return { path: dest, tree: true };
    const name = isRemoteSource(source) ? source.replace(/[?#].*$/, '') : source;
    return { path: intoDirectory ? `${dest}/${baseName(name)}` : dest, tree: false };
  });
  if (sources.length === 0) outputs.push({ path: dest, tree: false }); // a heredoc
  return outputs.flatMap(o => {
    const path = resolve(workdir, o.path);
    return path ? [{ ...o, path }] : [];
  });
}

/** The value of `-o FILE`, `-oFILE`, `-sSLo FILE`, `--output FILE` or `--output=FILE`. */
function optionValue(words: string[], short: string, long: string[]): string | undefined {
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    const eq = long.find(l => word.startsWith(`${l}=`));
    if (eq) return word.slice(eq.length + 1);
    if (long.includes(word)) return words[i + 1];
    if (/^-[A-Za-z]/.test(word) && !word.startsWith('--')) {
      const at = word.indexOf(short);
      if (at > 0) return at === word.length - 1 ? words[i + 1] : word.slice(at + 1);
    }
  }
  return undefined;
}

const operandsOf = (words: string[], valueFlags: string[] = []) =>
  words.slice(1).filter((w, i, rest) => !w.startsWith('-') && !valueFlags.includes(rest[i - 1] ?? ''));

const urlName = (words: string[]) => {
  const url = words.find(w => /^(https?|ftp):\/\//.test(w));
  return url ? baseName(url.replace(/[?#].*$/, '')) : undefined;
};

/** The paths one simple command writes, as words relative to the working directory. */
function commandOutputs(allWords: string[]): { word: string; tree: boolean }[] {
  const outputs: { word: string; tree: boolean }[] = [];
  const words: string[] = [];
  for (let i = 0; i < allWords.length; i++) {
    const redirect = /^\d*>>?(.*)$/.exec(allWords[i]);
    if (!redirect) words.push(allWords[i]);
    else outputs.push({ word: redirect[1] || allWords[++i] || '', tree: false });
  }
  if (words.length === 0) return outputs;
  const program = baseName(words[0]);
  const operands = operandsOf(words, ['-m', '-t', '-b', '--branch', '--depth', '-c', '-o', '-O', '-P', '-d', '-C', '-f']);
  const targetDir = optionValue(words, 't', ['--target-directory']);
  switch (program) {
    case 'mkdir':
    case 'touch':
    case 'tee':
      operands.forEach(word => outputs.push({ word, tree: false }));
      break;
    case 'cp':
    case 'mv':
    case 'ln': {
      const sources = targetDir ? operands : operands.slice(0, -1);
      const dest = targetDir ?? operands[operands.length - 1];
      if (!dest || (program === 'ln' && sources.length === 0)) break;
      const tree = program !== 'ln';
      if (targetDir || sources.length > 1 || dest.endsWith('/')) {
        sources.forEach(s => outputs.push({ word: `${dest}/${baseName(s)}`, tree }));
      } else {
        outputs.push({ word: dest, tree: tree && baseName(dest) === baseName(sources[0] ?? '') });
        if (tree) outputs.push({ word: `${dest}/${baseName(sources[0] ?? '')}`, tree });
      }
      break;
    }
    case 'curl': {
      const file = optionValue(words, 'o', ['--output']);
      const name = urlName(words);
      if (file) outputs.push({ word: file, tree: false });
      else if (name && words.some(w => w === '--remote-name' || /^-[a-zA-Z]*O/.test(w))) {
        outputs.push({ word: `${optionValue(words, '\0', ['--output-dir']) ?? '.'}/${name}`, tree: false });
      }
      break;
    }
    case 'wget': {
      const file = optionValue(words, 'O', ['--output-document']);
      const name = urlName(words);
      if (file) outputs.push({ word: file, tree: false });
      else if (name) outputs.push({ word: `${optionValue(words, 'P', ['--directory-prefix']) ?? '.'}/${name}`, tree: false });
      break;
    }
    case 'tar': {
      // Where an archive unpacks is known only with -C; its top-level names are not.
      const oldStyle = /^[A-Za-z]+$/.test(words[1] ?? '') ? words[1] : '';
      const clusters = [oldStyle, ...words.filter(w => /^-[A-Za-z]+$/.test(w))];
      const has = (letter: string, long: string) => clusters.some(c => c.includes(letter)) || words.includes(long);
      const into = optionValue(words, 'C', ['--directory']);
      const file = optionValue(words, 'f', ['--file']) ?? (oldStyle.includes('f') ? words[2] : undefined);
      if (has('x', '--extract') && into) outputs.push({ word: into, tree: true });
      else if (has('c', '--create') && file) outputs.push({ word: file, tree: false });
      break;
    }
    case 'unzip': {
      const into = optionValue(words, 'd', []);
      if (into) outputs.push({ word: into, tree: true });
      break;
    }
    case 'git':
      if (operands[0] === 'clone' && operands[1]) {
        outputs.push({ word: operands[2] ?? baseName(operands[1]).replace(/\.git$/, ''), tree: true });
      }
      break;
    default:
  }
  return outputs.filter(o => o.word !== '' && o.word !== '-' && !/^\/(dev|proc)(\/|$)/.test(o.word));
}

/** The simple commands of a RUN with the directory each runs in, following `cd`. */
function commandsWithDirectory(context: RuleContext, instruction: Instruction, workdir: string | null) {
  let dir: string | null = workdir;
  return context.commandsOf(instruction).map(command => {
    // The program's words, without leading `VAR=value` assignments and `sudo`.
    const start = command.words.findIndex(w => !/^[A-Za-z_]\w*=/.test(w) && w !== 'sudo');
    const words = start < 0 ? [] : command.words.slice(start);
    const at = dir;
    if (words[0] === 'cd') dir = words[1] === undefined ? '/root' : resolve(dir, words[1]);
    return { command, words, dir: at };
  });
}

function created(context: RuleContext, instruction: Instruction, workdir: string | null): Created {
  const result: Created = {
    line: instruction.line, outputs: [], managers: new Set(), packages: new Set(), removed: [], cleaned: new Set(),
  };
  if (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') result.outputs.push(...copyOutputs(instruction, workdir));
  if (instruction.keyword !== 'RUN') return result;
  const away = mountedAwayTargets(instruction);
  for (const pc of packageCommandsIn(context.commandsOf(instruction))) {
    if (pc.action === 'cacheClean') result.cleaned.add(pc.manager);
    if (!['install', 'update', 'upgrade', 'build'].includes(pc.action)) continue;
    if (!pc.cacheDirs.some(d => away.some(t => pathsOverlap(d, t)))) result.managers.add(pc.manager);
    pc.operands.forEach(p => result.packages.add(p.replace(/[=:].*$/, '')));
    const virtual = pc.flags.indexOf('--virtual');
    if (virtual >= 0 && pc.flags[virtual + 1]) result.packages.add(pc.flags[virtual + 1]);
  }
  for (const { command, words, dir } of commandsWithDirectory(context, instruction, workdir)) {
    result.removed.push(...removedPaths(command).flatMap(p => resolve(dir, p) ?? []));
    for (const output of commandOutputs(words)) {
      const path = resolve(dir, output.word);
      if (path && path !== '/' && !away.some(t => pathsOverlap(t, path) && path.startsWith(t))) {
        result.outputs.push({ path, tree: output.tree });
      }
    }
  }
  return result;
}

/** Whether removing `path` removes (some of) `output`. */
const removes = (path: string, output: Output) =>
  output.path === path || output.path.startsWith(`${path}/`) || (output.tree && path.startsWith(`${output.path}/`));

/** The first clean-up command of a RUN that removes what an earlier instruction created, with that instruction's line. */
function cleanupOf(
  context: RuleContext, instruction: Instruction, history: Created[], own: Created, workdir: string | null,
): Data | null {
  // What this RUN writes again itself hides the earlier copy anyway; clean that up where it is first written.
  const recreated = (o: Output) => own.outputs.some(n => n.path === o.path || (n.tree && o.path.startsWith(`${n.path}/`)));
  const ownCache = (path: string) => [...own.managers].some(m => cacheLocations[m].some(l => pathsOverlap(l, path)));
  for (const { command, dir } of commandsWithDirectory(context, instruction, workdir)) {
    const paths = removedPaths(command)
      .flatMap(p => resolve(dir, p) ?? [])
      .filter(p => p !== '/' && !ownCache(p));
    const pc = packageCommand(command) ?? undefined;
    // Most commands remove nothing: no earlier instruction can be blamed for them.
    if (paths.length === 0 && pc?.action !== 'remove' && pc?.action !== 'cacheClean') continue;
    // How precisely each earlier instruction accounts for what this command removes; 0 when it does not.
    const specificity = (c: Created): number => {
      if (pc?.action === 'remove' && pc.operands.some(p => c.packages.has(p) && !own.packages.has(p))) return Infinity;
      const { manager } = pc ?? {};
      // `apt-get clean` cleans nothing on the Debian and Ubuntu images: their docker-clean already dropped the .debs.
      if (pc?.action === 'cacheClean' && manager && manager !== 'apt' && c.managers.has(manager) && !c.cleaned.has(manager) && !own.managers.has(manager)) {
        return Infinity;
      }
      const gone = (path: string) => c.removed.some(r => removes(r, { path, tree: false }));
      const lengths = paths.flatMap(p => [
        ...c.outputs.filter(o => removes(p, o) && !recreated(o) && !gone(o.path)).map(o => o.path.length),
        ...[...c.managers].flatMap(m => cacheLocations[m].filter(l => pathsOverlap(l, p) && !gone(p) && !c.cleaned.has(m)).map(l => l.length)),
      ]);
      return Math.max(0, ...lengths);
    };
    let best: { line: number; score: number } | null = null;
    for (const c of history) {
      const score = specificity(c);
      if (score > 0 && (!best || score >= best.score)) best = { line: c.line, score };
    }
    if (best) return { command: command.words.join(' '), createdLine: best.line };
  }
  return null;
}

export const cleanupInSeparateLayer = defineRule<Data>({
  id: 'cleanup-in-separate-layer',
  severity: 'warning',
  category: 'size',
  description: 'Files are removed in a later instruction than the one that created them, so the image does not shrink.',
  message: ({ command, createdLine }) =>
    `\`${command}\` removes what line ${createdLine} added in an earlier layer, so the image does not shrink; clean up in the same RUN that creates the files`,
  check: context => {
    // Layers count only in an image that ships (not a CI or tooling image, not an export).
    if (!context.shipsImage) return [];
    // Cheap first: with no RUN that removes, purges or cleans anything, there is no clean-up to judge.
    const cleans = /\b(rm|unlink|purge|remove|del|clean|autoremove|uninstall|prune)\b/;
    if (!context.shippedStages.some(s => s.instructions.some(i => i.keyword === 'RUN' && cleans.test(runText(i))))) return [];
    const problems: Problem<Data>[] = [];
    const history: Created[] = [];
    // Unknown (null) after a WORKDIR with a variable: relative paths are then left alone.
    let workdir: string | null = '/';
    for (const stage of [...context.shippedStages].reverse()) {
      for (const instruction of stage.instructions.slice(1)) {
        if (instruction.keyword === 'WORKDIR' && instruction.args[0]) workdir = resolve(workdir, instruction.args[0]);
        const own = created(context, instruction, workdir);
        if (instruction.keyword === 'RUN') {
          const data = cleanupOf(context, instruction, history, own, workdir);
          if (data) problems.push({ line: instruction.line, endLine: instruction.endLine, stage: stage.index, data });
        }
        history.push(own);
      }
    }
    return problems;
  },
});
