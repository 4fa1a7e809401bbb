import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { createAnalyzeDockerfileAction } from './actions/analyze';
import { createConvertDockerfileAction } from './actions/convert';
import { createGenerateDockerfileAction } from './actions/generate';

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
      deps: { scaffolder: scaffolderActionsExtensionPoint },
      async init({ scaffolder }) {
        scaffolder.addActions(
          createGenerateDockerfileAction(),
          createAnalyzeDockerfileAction(),
          createConvertDockerfileAction(),
        );
      },
    });
  },
});
