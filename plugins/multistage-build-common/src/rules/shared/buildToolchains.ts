/*
 * What counts as "build tooling" in a shipped image: SDK/toolchain base images
 * and compiler packages. Language runtimes (node, python, ruby, php, a JRE)
 * are what an application needs to run, so they are not toolchains here, even
 * though the full (non-slim) python and ruby images happen to carry gcc: that
 * is a base-variant size question, not build tools left in by mistake.
 */
import type { Instruction } from '../../parser/types';
import { imageName, parseImageReference } from '../../stages/imageReference';
import type { RuleContext } from '../ruleContext';
import { packageCommandsIn } from './packageManagers';

const toolchainImages = new Set(['golang', 'rust', 'maven', 'gradle', 'gcc', 'buildpack-deps', 'swift', 'haskell', 'clang']);
/** Java images that are a JDK unless the tag says `jre`. */
const javaImages = new Set(['openjdk', 'eclipse-temurin', 'amazoncorretto', 'sapmachine', 'ibm-semeru-runtimes', 'ibmjava']);

/** True when an image reference names an SDK or compiler toolchain image. */
export function isToolchainImage(reference: string): boolean {
  const parsed = parseImageReference(reference);
  if (!parsed) return false;
  const name = imageName(parsed);
  const tag = (parsed.tag ?? '').toLowerCase();
  if (toolchainImages.has(name)) return true;
  if (javaImages.has(name)) return !tag.includes('jre');
  // mcr.microsoft.com/dotnet/sdk, mcr.microsoft.com/dotnet/core/sdk
  return name === 'sdk' && parsed.repository.toLowerCase().includes('dotnet');
}

/** Package names that install a compiler or a whole build toolchain, across apt, apk and dnf. */
const compilerPackages = /^(gcc|g\+\+|gcc-c\+\+|cpp|make|cmake|build-essential|build-base|clang|llvm|golang|golang-go|rustc|cargo|default-jdk|openjdk-\d+-jdk(-headless)?|java-[\d.]+-openjdk-devel|maven|gradle)([=:]\S*)?$/;

/**
 * The official images' pattern: `apt-mark auto '.*'` marks every package as
 * removable, `apt-mark manual` keeps the ones saved before the build
 * dependencies went in, and `apt-get purge --auto-remove` (or `autoremove`)
 * then removes the build dependencies.
 */
function autoRemovesAptInstalls(words: string[][]): boolean {
  const markAuto = words.findIndex(w => w[0] === 'apt-mark' && w[1] === 'auto');
  return markAuto >= 0 && words.slice(markAuto + 1).some(w =>
    /^apt(-get)?$/.test(w[0] ?? '') && (w.includes('autoremove') || w.includes('--auto-remove') || w.includes('--autoremove')),
  );
}

/** The compiler packages a RUN installs and does not remove again in the same RUN. */
export function compilersInstalledBy(context: RuleContext, instruction: Instruction): string[] {
  const shell = context.commandsOf(instruction);
  const commands = packageCommandsIn(shell);
  const aptAutoRemoved = autoRemovesAptInstalls(shell.map(c => c.words));
  const removed = new Set(commands.filter(c => c.action === 'remove').flatMap(c => c.operands));
  const installed: string[] = [];
  for (const c of commands) {
    if (c.action !== 'install' || !['apt', 'apk', 'dnf'].includes(c.manager)) continue;
    if (c.manager === 'apt' && aptAutoRemoved) continue;
    // `apk add --virtual .build-deps gcc ... && apk del .build-deps` leaves nothing behind.
    const virtual = c.flags.find((_, i) => i > 0 && (c.flags[i - 1] === '--virtual' || c.flags[i - 1] === '-t'))
      ?? c.flags.find(f => f.startsWith('--virtual='))?.slice('--virtual='.length);
    if (virtual !== undefined && removed.has(virtual)) continue;
    for (const pkg of c.operands) {
      if (compilerPackages.test(pkg) && !removed.has(pkg) && !removed.has(pkg.replace(/[=:].*$/, ''))) {
        installed.push(pkg.replace(/[=:].*$/, ''));
      }
    }
  }
  return [...new Set(installed)];
}
