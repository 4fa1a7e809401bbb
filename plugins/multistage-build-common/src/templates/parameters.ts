/*
 * Parameter definitions most templates share, and the check that turns user
 * input into the values a template renders with. Every value ends up inside
 * Dockerfile text, so each is held to a pattern that cannot break out of its
 * instruction (no spaces, quotes, `$` or newlines where they could).
 */
import type { ServiceTemplate, TemplateParameter, TemplateValues } from './types';

/** Input that a template cannot render with: which parameter, and why. */
export class TemplateParameterError extends Error {
  constructor(
    readonly templateId: string,
    readonly parameter: string,
    reason: string,
  ) {
    super(`${templateId}: parameters.${parameter}: ${reason}`);
    this.name = 'TemplateParameterError';
  }
}

const version = /^[0-9]+(\.[0-9]+){0,2}$/;

/** A toolchain or runtime version, e.g. `22.12.0`, optionally no older than `minimumVersion`. */
export function versionParameter(options: {
  name: string;
  title: string;
  description: string;
  default: string;
  minimumVersion?: string;
}): TemplateParameter {
  return { ...options, type: 'string', pattern: version, patternDescription: 'a version such as 22 or 22.12.0' };
}

/** -1, 0 or 1 as version `a` is older than, the same as or newer than `b`, by its numeric parts. */
export function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const difference = (x[i] ?? 0) - (y[i] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

/** The port the service listens on. */
export function portParameter(defaultPort: number): TemplateParameter {
  return {
    name: 'port',
    title: 'Port',
    description: 'The TCP port the service listens on; EXPOSE and the HEALTHCHECK use it.',
    type: 'integer',
    default: defaultPort,
    minimum: 1,
    maximum: 65535,
  };
}

/** The HTTP path the HEALTHCHECK requests. */
export const healthPathParameter: TemplateParameter = {
  name: 'healthPath',
  title: 'Health check path',
  description: 'The HTTP path that answers 2xx while the service is healthy.',
  type: 'string',
  default: '/healthz',
  pattern: /^\/[A-Za-z0-9._~/-]*$/,
  patternDescription: 'an absolute URL path such as /healthz',
  describesProject: true,
};

/** Debian packages the runtime image needs besides the language runtime. */
export const systemPackagesParameter: TemplateParameter = {
  name: 'systemPackages',
  title: 'Extra system packages',
  description: 'Debian packages installed into the runtime image, e.g. ca-certificates or tzdata.',
  type: 'string-list',
  default: [],
  pattern: /^[a-z0-9][a-z0-9+.-]+$/,
  patternDescription: 'a Debian package name such as tzdata',
};

/** A path in the project, relative to its root; `..` segments are refused so it cannot point outside. */
export function pathParameter(options: { name: string; title: string; description: string; default: string }): TemplateParameter {
  return {
    ...options,
    type: 'string',
    pattern: /^(?!(.*\/)?\.\.(\/|$))[A-Za-z0-9_][A-Za-z0-9._/-]*$/,
    patternDescription: 'a relative path of letters, digits, ., _, - and / without .. segments',
    describesProject: true,
  };
}

function checkOne(template: ServiceTemplate, parameter: TemplateParameter, value: unknown): TemplateValues[string] {
  const fail = (reason: string): never => {
    throw new TemplateParameterError(template.id, parameter.name, reason);
  };
  const matches = (text: string, where: string) => {
    if (parameter.pattern && !parameter.pattern.test(text)) {
      fail(`${where}${JSON.stringify(text)} is not ${parameter.patternDescription ?? `of the form ${parameter.pattern}`}`);
    }
  };
  switch (parameter.type) {
    case 'integer': {
      const number = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isInteger(number)) return fail(`must be an integer, got ${JSON.stringify(value)}`);
      if ((parameter.minimum !== undefined && number < parameter.minimum) || (parameter.maximum !== undefined && number > parameter.maximum)) {
        fail(`must be between ${parameter.minimum} and ${parameter.maximum}, got ${number}`);
      }
      return number;
    }
    case 'boolean':
      if (typeof value !== 'boolean') fail(`must be true or false, got ${JSON.stringify(value)}`);
      return value as boolean;
    case 'string-list': {
      if (!Array.isArray(value)) return fail(`must be a list of strings, got ${JSON.stringify(value)}`);
      value.forEach((item, i) => {
        if (typeof item !== 'string') fail(`item ${i} must be a string, got ${JSON.stringify(item)}`);
        matches(item, `item ${i} `);
      });
      return [...new Set(value as string[])];
    }
    default:
      if (typeof value !== 'string') return fail(`must be a string, got ${JSON.stringify(value)}`);
      matches(value, '');
      if (parameter.minimumVersion && compareVersions(value, parameter.minimumVersion) < 0) {
        fail(`${value} is older than ${parameter.minimumVersion}, the oldest version this template works with`);
      }
      return value;
  }
}

/**
 * Fills in defaults and checks every value against its parameter. Throws
 * {@link TemplateParameterError} naming the parameter for unknown names and
 * values of the wrong type, range or form.
 */
export function resolveTemplateValues(template: ServiceTemplate, input: Record<string, unknown> = {}): TemplateValues {
  const known = new Map(template.parameters.map(p => [p.name, p]));
  for (const name of Object.keys(input)) {
    if (!known.has(name)) {
      throw new TemplateParameterError(template.id, name, `unknown parameter; this template takes ${[...known.keys()].join(', ')}`);
    }
  }
  const values: TemplateValues = {};
  for (const parameter of template.parameters) {
    const given = input[parameter.name];
    values[parameter.name] = given === undefined || given === null ? parameter.default : checkOne(template, parameter, given);
  }
  return values;
}
