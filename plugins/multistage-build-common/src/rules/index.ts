/*
 * The rule catalog (shared/RULES.md), in the catalog's order. The analyser,
 * the docs generator and the catalog test all read this list; add a rule here
 * and nowhere else.
 */
import type { Rule } from './types';
import { undefinedStage } from './correctness/undefinedStage';
import { forwardStageReference } from './correctness/forwardStageReference';
import { stageCycle } from './correctness/stageCycle';
import { duplicateStageName } from './correctness/duplicateStageName';
import { misplacedParserDirective } from './correctness/misplacedParserDirective';
import { flagInsideCommand } from './correctness/flagInsideCommand';
import { argOutOfScope } from './correctness/argOutOfScope';
import { undefinedArgInFrom } from './correctness/undefinedArgInFrom';
import { defaultTargetNotRuntime } from './correctness/defaultTargetNotRuntime';
import { gateStageBypassed } from './correctness/gateStageBypassed';
import { swallowedFailure } from './correctness/swallowedFailure';
import { cacheMountDefeated } from './cache/cacheMountDefeated';
import { unreachableStage } from './correctness/unreachableStage';
import { runtimeOnBuildPlatform } from './correctness/runtimeOnBuildPlatform';
import { versionConstraintRedirect } from './correctness/versionConstraintRedirect';
import { secretMountPersisted } from './security/secretMountPersisted';
import { worldWritablePermissions } from './security/worldWritablePermissions';
import { chownAfterCopy } from './size/chownAfterCopy';
import { aptInstallRecommends } from './size/aptInstallRecommends';
import { rollingBaseTag } from './cache/rollingBaseTag';
import { unpinnedToolInstall } from './cache/unpinnedToolInstall';
import { installWithoutLockfile } from './cache/installWithoutLockfile';
import { endOfLifeBase } from './security/endOfLifeBase';
import { buildToolsInFinalStage } from './size/buildToolsInFinalStage';
import { singleStageBuild } from './size/singleStageBuild';
import { duplicateStageSetup } from './size/duplicateStageSetup';
import { cleanupInSeparateLayer } from './size/cleanupInSeparateLayer';
import { copyEntireStage } from './size/copyEntireStage';
import { copyAllBeforeInstall } from './cache/copyAllBeforeInstall';
import { missingCacheMount } from './cache/missingCacheMount';
import { aptUpdateAlone } from './cache/aptUpdateAlone';
import { volatileArgEarly } from './cache/volatileArgEarly';
import { unpinnedBaseImage } from './cache/unpinnedBaseImage';
import { packageUpgrade } from './cache/packageUpgrade';
import { rootFinalStage } from './security/rootFinalStage';
import { secretInArgEnv } from './security/secretInArgEnv';
import { secretFileCopied } from './security/secretFileCopied';
import { curlPipeShell } from './security/curlPipeShell';
import { addRemoteUrl } from './security/addRemoteUrl';
import { addInsteadOfCopy } from './security/addInsteadOfCopy';
import { untrustedRegistry } from './security/untrustedRegistry';
import { jsonArgsRecommended } from './style/jsonArgsRecommended';
import { stageNameCasing } from './style/stageNameCasing';
import { fromAsCasing } from './style/fromAsCasing';
import { maintainerDeprecated } from './style/maintainerDeprecated';
import { workdirRelativePath } from './style/workdirRelativePath';
import { legacyEnvFormat } from './style/legacyEnvFormat';
import { multipleCmd } from './style/multipleCmd';
import { missingHealthcheck } from './style/missingHealthcheck';
import { exposeInvalid } from './style/exposeInvalid';

export const allRules: readonly Rule<any>[] = [
  undefinedStage,
  forwardStageReference,
  stageCycle,
  duplicateStageName,
  misplacedParserDirective,
  flagInsideCommand,
  argOutOfScope,
  undefinedArgInFrom,
  defaultTargetNotRuntime,
  gateStageBypassed,
  swallowedFailure,
  cacheMountDefeated,
  unreachableStage,
  runtimeOnBuildPlatform,
  versionConstraintRedirect,
  buildToolsInFinalStage,
  singleStageBuild,
  duplicateStageSetup,
  cleanupInSeparateLayer,
  copyEntireStage,
  chownAfterCopy,
  aptInstallRecommends,
  copyAllBeforeInstall,
  missingCacheMount,
  aptUpdateAlone,
  volatileArgEarly,
  unpinnedBaseImage,
  packageUpgrade,
  rollingBaseTag,
  unpinnedToolInstall,
  installWithoutLockfile,
  rootFinalStage,
  secretInArgEnv,
  secretFileCopied,
  curlPipeShell,
  addRemoteUrl,
  addInsteadOfCopy,
  untrustedRegistry,
  secretMountPersisted,
  worldWritablePermissions,
  endOfLifeBase,
  jsonArgsRecommended,
  stageNameCasing,
  fromAsCasing,
  maintainerDeprecated,
  workdirRelativePath,
  legacyEnvFormat,
  multipleCmd,
  missingHealthcheck,
  exposeInvalid,
];
