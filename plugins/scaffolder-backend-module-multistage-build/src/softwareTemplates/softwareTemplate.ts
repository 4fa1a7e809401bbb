/*
 * The Backstage software template (template.yaml) for each template in the
 * library that has a skeleton: a form for the service and the template's
 * parameters, then fetch the skeleton, write the Dockerfile, analyse it
 * (failing on any warning) and publish. Generated from the library, so the
 * forms always match the parameters the actions check; `yarn templates:generate`
 * writes them and a test keeps them current.
 */
import { serviceTemplates, type ServiceTemplate, type TemplateParameter } from '@stagecraft/plugin-multistage-build-common';

type JsonSchema = Record<string, unknown>;

/** A parameter as a JSON Schema property for the scaffolder's form. */
export function parameterSchema(parameter: TemplateParameter): JsonSchema {
  const common = { title: parameter.title, description: parameter.description, default: parameter.default };
  switch (parameter.type) {
    case 'integer':
      return { ...common, type: 'integer', minimum: parameter.minimum, maximum: parameter.maximum };
    case 'boolean':
      return { ...common, type: 'boolean' };
    case 'string-list':
      return { ...common, type: 'array', items: { type: 'string', pattern: parameter.pattern?.source }, uniqueItems: true };
    default:
      return { ...common, type: 'string', pattern: parameter.pattern?.source };
  }
}

const languageTitles: Record<string, string> = {
  node: 'Node.js',
  python: 'Python',
  go: 'Go',
  java: 'Java',
  rust: 'Rust',
  dotnet: '.NET',
  static: 'static site',
};

/** The template.yaml document for a library template. */
export function softwareTemplateFor(template: ServiceTemplate): Record<string, unknown> {
  const language = languageTitles[template.language] ?? template.language;
  // The build tool goes into the title where the language has more than one template.
  const namesTool = serviceTemplates.some(t => t.id !== template.id && t.language === template.language);
  const kind = template.language === 'static' ? 'website' : 'service';
  const what = template.language === 'static' ? 'static site' : `${language} service`;
  // The skeleton fixes paths, names and routes; the form offers only what changes the build.
  const buildParameters = template.parameters.filter(p => !p.describesProject);
  const parameterValues = Object.fromEntries(buildParameters.map(p => [p.name, `\${{ parameters.${p.name} }}`]));
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: {
      name: `multistage-${template.id}`,
      title: `New ${what} with a multi-stage build${namesTool ? ` (${template.buildTool})` : ''}`,
      description: `${template.description} Created with a Dockerfile from Stagecraft's ${template.id} template, analysed clean before it is published.`,
      tags: ['stagecraft', 'multi-stage', template.language, template.buildTool].filter((t, i, all) => all.indexOf(t) === i),
    },
    spec: {
      owner: 'group:default/platform',
      type: kind,
      parameters: [
        {
          title: `About the ${kind}`,
          required: ['name', 'description', 'owner'],
          properties: {
            name: {
              title: 'Name',
              description: 'Lowercase letters, digits and dashes; the catalog name and the directory of the new service.',
              type: 'string',
              pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
              'ui:autofocus': true,
            },
            description: { title: 'Description', type: 'string', default: `A ${what} with a multi-stage build` },
            owner: {
              title: 'Owner',
              type: 'string',
              default: 'group:default/platform',
              'ui:field': 'OwnerPicker',
              'ui:options': { catalogFilter: { kind: 'Group' } },
            },
          },
        },
        {
          title: 'Build',
          properties: Object.fromEntries(buildParameters.map(p => [p.name, parameterSchema(p)])),
        },
      ],
      steps: [
        {
          id: 'fetch',
          name: 'Fetch the skeleton',
          action: 'fetch:template',
          input: {
            url: './skeleton',
            // The build parameters too: a skeleton may need one (the Java release in pom.xml).
            values: {
              name: '${{ parameters.name }}',
              description: '${{ parameters.description }}',
              owner: '${{ parameters.owner }}',
              ...parameterValues,
            },
          },
        },
        {
          id: 'dockerfile',
          name: 'Write the multi-stage Dockerfile',
          action: 'multistage:dockerfile:generate',
          input: { templateId: template.id, parameters: parameterValues },
        },
        {
          id: 'analyze',
          name: 'Analyse the Dockerfile',
          action: 'multistage:dockerfile:analyze',
          input: { failOn: 'warning' },
        },
        {
          id: 'publish',
          name: 'Publish',
          action: 'multistage:service:publish',
          input: { name: '${{ parameters.name }}' },
        },
      ],
      output: {
        links: [{ title: 'Open in the catalog', icon: 'catalog', entityRef: '${{ steps.publish.output.entityRef }}' }],
        text: [
          {
            title: 'Dockerfile',
            content:
              '${{ steps.analyze.output.stageCount }} stages (default target ${{ steps.analyze.output.defaultTarget }}): ' +
              '${{ steps.analyze.output.errorCount }} errors, ${{ steps.analyze.output.warningCount }} warnings, ' +
              '${{ steps.analyze.output.infoCount }} notes.',
          },
        ],
      },
    },
  };
}

export const generatedHeader =
  '# Generated by `yarn templates:generate` from the template library; do not edit by hand.\n';
