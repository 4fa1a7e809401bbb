/*
 * A container runs as the image's USER, root unless a USER says otherwise.
 * USER is image config, so a USER in a stage the final stage is built FROM
 * carries over; the last USER in that lineage wins. A USER naming a variable
 * is judged by what a plain build (no --build-arg) gives it: ARG defaults,
 * global ARG defaults redeclared in the stage, and ENV values. A variable
 * with no value there leaves USER empty, which is root, so it counts as root.
 * A variable that no ARG or ENV of the lineage declares comes from the base
 * image's own environment (`USER $APP_UID` on the .NET images), whose value
 * cannot be seen here, so such a USER is not judged.
 * Base images that already run as a non-root user count as non-root:
 * distroless's `nonroot` tags, .NET's `-chiseled` images (user `app`) and
 * Chainguard's images other than their `-dev` variants. Windows images have
 * no root (their users are ContainerUser and ContainerAdministrator), and a
 * WebAssembly module runs in a wasm runtime, not as a Linux user: both are
 * skipped. So is an image that ships a privilege-dropping tool (gosu,
 * su-exec, setpriv, s6-setuidgid, chpst, runuser): its entrypoint starts as
 * root on purpose (to fix volume ownership) and then runs the service as
 * another user, which the Dockerfile alone cannot show.
 *
 * An explicit root USER is always reported. With no USER at all, only an
 * image that serves the network is: one that EXPOSEs a port or whose command
 * starts an application server or passes a port. Judged on the real-world
 * corpus, images without USER that serve nothing were mostly agents that
 * need root (log collectors), test runners and interactive toolboxes. So is any target that is not a shipped image (a CI check, a dev
 * environment, a scratch export: RuleContext.shipsImage). There is no fix: whether the app still works without root
 * (writable paths, ports below 1024, file ownership) needs a human.
 */
import { expandVariables } from '../../stages/expandVariables';
import { parseImageReference } from '../../stages/imageReference';
import { defineRule } from '../types';
import type { Stage } from '../../stages/types';
import type { RuleContext } from '../ruleContext';
import { stageLabel } from '../shared/stageLabel';
import { isWindowsImage, isWindowsInstruction } from '../shared/windowsImage';

interface RootUser {
  stage: string;
  /** The last USER's argument as written; null when no USER is in force. */
  user: string | null;
  /** The line of that USER instruction. */
  userLine: number | null;
  /** What the USER argument expands to in a plain build, when it differs from `user`. */
  expanded: string | null;
}

/** `root`, uid 0, or any of those with a group (`0:0`, `root:staff`). */
function isRootUser(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === '' || name === 'root' || /^0+$/.test(name);
}

function isNonRootImage(base: string): boolean {
  const reference = parseImageReference(base);
  const tag = reference?.tag ?? '';
  if (/(^|[-_.])(nonroot|chiseled)($|[-_.])/.test(tag)) return true;
  return /^cgr\.dev\/chainguard\//.test(base) && !/(^|-)dev$/.test(tag);
}

/** Programs that run a network service: an application server or runtime started as one. */
const serverProgram =
  /^(node|npm|yarn|pnpm|bun|deno|python\d*(\.\d+)?|gunicorn|uvicorn|hypercorn|daphne|granian|java|dotnet|php-fpm\d*|php|puma|unicorn|rails|bundle|flask|django-admin|streamlit|next|nuxt|serve|http-server|pm2-runtime|caddy|traefik|envoy)$/;

/**
 * Whether the image serves the network: it EXPOSEs a port, or its command
 * starts an application server or runtime, or passes a port or listen
 * address. A process that answers the network is what an attacker reaches
 * first, so it should not hold root. Agents, CLI tools, shells and test
 * runners are left alone: running those as root is often what they are for.
 */
function servesNetwork(lineage: Stage[]): boolean {
  const instructions = lineage.flatMap(s => s.instructions);
  if (instructions.some(i => i.keyword === 'EXPOSE')) return true;
  const command = [...instructions].reverse().filter(i => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').slice(0, 2);
  const words = command.flatMap(i => (i.json ? i.args : i.args.join(' ').split(/\s+/)));
  return (
    words.some(w => serverProgram.test(w.slice(w.lastIndexOf('/') + 1))) ||
    words.some(w => /^--?(port|host|bind|listen|http-port|server\.port)\b/.test(w))
  );
}

const privilegeDropTool = /\b(gosu|su-exec|setpriv|s6-setuidgid|chpst|runuser)\b/;

/** The image installs or copies a tool whose job is to drop root for the service. */
function dropsPrivileges(lineage: Stage[]): boolean {
  return lineage.some(stage =>
    stage.instructions.some(i => ['RUN', 'COPY', 'ADD'].includes(i.keyword) && privilegeDropTool.test(i.original)),
  );
}

/** A WebAssembly module: built for a wasm platform, or an image whose command is a `.wasm` file. */
function isWasmLineage(lineage: Stage[]): boolean {
  if (lineage.some(stage => /wasm/i.test(stage.platform ?? ''))) return true;
  return lineage.some(stage =>
    stage.instructions.some(i => (i.keyword === 'ENTRYPOINT' || i.keyword === 'CMD') && /\.wasm\b/.test(i.args[0] ?? '')),
  );
}

/**
 * Finds the USER in force for the final stage, with its plain-build value;
 * `value` is null when the USER names a variable the lineage never declares.
 */
function userInForce(context: RuleContext) {
  const { graph, parsed, shippedStages } = context;
  const globals = graph.globalArgDefaults;
  const scope = new Map<string, string>();
  const declared = new Set<string>();
  const expand = (word: string, line: number) => expandVariables(word, scope, parsed.escapeChar, context.meterAt(line));
  let found: { user: string; line: number } | null = null;
  for (const instruction of [...shippedStages].reverse().flatMap(s => s.instructions)) {
    if (instruction.keyword === 'ARG') {
      for (const word of instruction.args) {
        const eq = word.indexOf('=');
        const name = eq < 0 ? word : word.slice(0, eq);
        declared.add(name);
        const value = eq < 0 ? globals.get(name) : expand(word.slice(eq + 1), instruction.line).value;
        if (value !== undefined) scope.set(name, value);
      }
    } else if (instruction.keyword === 'ENV') {
      for (let i = 0; i + 1 < instruction.args.length; i += 3) {
        declared.add(instruction.args[i]);
        scope.set(instruction.args[i], expand(instruction.args[i + 1], instruction.line).value);
      }
    } else if (instruction.keyword === 'USER') {
      found = { user: instruction.args[0] ?? '', line: instruction.line };
    }
  }
  if (!found) return null;
  const expansion = expand(found.user, found.line);
  if (expansion.unset.some(name => !declared.has(name))) return { ...found, value: null };
  return { ...found, value: expansion.unset.length > 0 ? '' : expansion.value };
}

/** Windows images have no root user to avoid. */
function isWindowsLineage(lineage: Stage[]): boolean {
  const root = lineage[lineage.length - 1];
  if (root.baseKind !== 'scratch' && isWindowsImage(root.resolvedBase)) return true;
  return lineage.some(stage => stage.instructions.some(isWindowsInstruction));
}

export const rootFinalStage = defineRule<RootUser>({
  id: 'root-final-stage',
  severity: 'info',
  category: 'security',
  description: 'The final stage never switches to a non-root USER, so the container runs as root.',
  message: ({ stage, user, userLine, expanded }) => {
    if (user === null) {
      return `The image runs as root: neither ${stage} nor a stage it is built FROM switches to a non-root USER`;
    }
    let value = '';
    if (expanded === '') value = ', empty in a plain build';
    else if (expanded !== null) value = `, "${expanded}" in a plain build`;
    return `The image runs as root: the last USER in force for ${stage} (line ${userLine}) is "${user}"${value}`;
  },
  check: context => {
    const final = context.finalStage;
    if (!final || !context.shipsImage) return [];
    const lineage = context.shippedStages;
    if (isWindowsLineage(lineage) || isWasmLineage(lineage) || dropsPrivileges(lineage)) return [];
    const found = userInForce(context);
    if (found === null) {
      const root = lineage[lineage.length - 1];
      if (root.baseKind !== 'scratch' && isNonRootImage(root.resolvedBase)) return [];
      // No USER at all: judged only for images that serve (see the top of the file).
      if (!servesNetwork(lineage)) return [];
    } else if (found.value === null || !isRootUser(found.value)) {
      return [];
    }
    return [
      {
        line: final.line,
        endLine: final.instructions[0]?.endLine ?? final.line,
        stage: final.index,
        data: {
          stage: stageLabel(final),
          user: found?.user ?? null,
          userLine: found?.line ?? null,
          expanded: found && found.value !== found.user ? found.value : null,
        },
      },
    ];
  },
});
