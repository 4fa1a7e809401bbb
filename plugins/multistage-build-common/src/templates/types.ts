/*
 * Multi-stage service templates: a Dockerfile and a .dockerignore per
 * language and package manager, rendered from typed parameters. The
 * scaffolder actions, the software templates and the entity tab all render
 * through these definitions, and a test analyses every one of them clean.
 */

/** The languages templates exist for. */
export type TemplateLanguage = 'node' | 'python' | 'go' | 'java' | 'rust' | 'dotnet' | 'static';

/** What a parameter holds. */
export type TemplateParameterType = 'string' | 'integer' | 'boolean' | 'string-list';

/** The value of a parameter of each type. */
export type TemplateParameterValue = string | number | boolean | string[];

/** One parameter of a template, described enough to draw a form and check input. */
export interface TemplateParameter {
  /** The key in the parameters object, e.g. `nodeVersion`. */
  name: string;
  /** A short label for forms. */
  title: string;
  /** One sentence on what it changes. */
  description: string;
  type: TemplateParameterType;
  default: TemplateParameterValue;
  /** For strings and list items: what a value must look like. */
  pattern?: RegExp;
  /** Says what `pattern` accepts, for the error message. */
  patternDescription?: string;
  /** For integers. */
  minimum?: number;
  maximum?: number;
  /** For versions: the oldest one the template's stages work with, e.g. `18` for Node's built-in fetch. */
  minimumVersion?: string;
  /**
   * Describes the project (a path, a name, a route) rather than the build. A
   * software template fixes these to match its skeleton service, so its form
   * leaves them out.
   */
  describesProject?: boolean;
}

/** The parameter values a template renders with, after defaults and checks. */
export type TemplateValues = Record<string, TemplateParameterValue>;

/** What one stage of a template's Dockerfile is for. */
export interface TemplateStage {
  name: string;
  description: string;
  /** Only built with `--target` (dev, debug): never the default target. */
  optional?: boolean;
}

/** Files a template renders. */
export interface RenderedTemplate {
  templateId: string;
  /** The Dockerfile, ending in a newline. */
  dockerfile: string;
  /** The .dockerignore, ending in a newline. */
  dockerignore: string;
  /** The parameter values used, defaults filled in. */
  values: TemplateValues;
}

/** A multi-stage Dockerfile template. */
export interface ServiceTemplate {
  /** Stable id, e.g. `node-npm`. */
  id: string;
  title: string;
  language: TemplateLanguage;
  /** The package manager or build tool, e.g. `npm`, `maven`. */
  buildTool: string;
  /** One or two sentences for pickers. */
  description: string;
  /** The build produces a native binary or bytecode for a runtime without the toolchain. */
  compiled: boolean;
  parameters: TemplateParameter[];
  stages: TemplateStage[];
  /** The global ARGs that name base images, with their pinned defaults, once rendered with `values`. */
  baseImages(values: TemplateValues): Record<string, string>;
  render(values: TemplateValues): { dockerfile: string; dockerignore: string };
}
