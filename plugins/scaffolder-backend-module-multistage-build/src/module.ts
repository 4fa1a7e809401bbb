import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { resolve } from 'node:path';
import { createAnalyzeDockerfileAction } from './actions/analyze';
import { createConvertDockerfileAction } from './actions/convert';
import { createGenerateDockerfileAction } from './actions/generate';
import { createPublishServiceAction } from './actions/publish';

/**
 * Adds the `multistage:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleMultistageBuild = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multistage-build',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
      },
      async init({ scaffolder, config, catalog, logger }) {
        scaffolder.addActions(
          createGenerateDockerfileAction(),
          createAnalyzeDockerfileAction(),
          createConvertDockerfileAction(),
        );
        const publishRoot = config.getOptionalString('multistageBuild.scaffolder.publishRoot');
        if (publishRoot) {
          scaffolder.addActions(createPublishServiceAction({ publishRoot: resolve(publishRoot), catalog, logger }));
        } else {
          logger.info('multistage:service:publish is off: multistageBuild.scaffolder.publishRoot is not set');
        }
      },
    });
  },
});
