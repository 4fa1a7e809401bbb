import { serviceTemplates } from '@stagecraft/plugin-multistage-build-common';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import yaml from 'yaml';
import { generatedHeader, parameterSchema, softwareTemplateFor } from './softwareTemplate';

const root = resolve(__dirname, '../../../../templates');
const withSkeletons = serviceTemplates.filter(t => existsSync(join(root, t.id, 'skeleton')));

describe('software templates', () => {
  it.each(withSkeletons)('templates/$id/template.yaml is current (yarn templates:generate)', template => {
    const onDisk = readFileSync(join(root, template.id, 'template.yaml'), 'utf8');

    expect(onDisk).toBe(generatedHeader + yaml.stringify(softwareTemplateFor(template), { lineWidth: 0 }));
  });

  it('has one for every template directory, and a skeleton for every template.yaml', () => {
    const dirs = readdirSync(root, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name);

    expect(dirs.sort()).toEqual(withSkeletons.map(t => t.id).sort());
  });

  it.each(withSkeletons)('$id: the catalog-info.yaml in its skeleton carries the Dockerfile annotation', template => {
    const info = readFileSync(join(root, template.id, 'skeleton', 'catalog-info.yaml'), 'utf8');

    expect(info).toContain('    stagecraft.io/dockerfile: Dockerfile\n');
    expect(info).toContain('  name: ${{ values.name }}\n');
    expect(info).toContain('  owner: ${{ values.owner | dump }}\n');
  });

  it('passes every template parameter to the generate step, and fails the task on warnings', () => {
    const go = softwareTemplateFor(serviceTemplates.find(t => t.id === 'go')!) as any;
    const steps = go.spec.steps.map((s: any) => s.action);

    expect(steps).toEqual(['fetch:template', 'multistage:dockerfile:generate', 'multistage:dockerfile:analyze', 'multistage:service:publish']);
    expect(go.spec.steps[1].input).toEqual({
      templateId: 'go',
      parameters: { goVersion: '${{ parameters.goVersion }}', port: '${{ parameters.port }}' },
    });
    expect(go.spec.steps[2].input).toEqual({ failOn: 'warning' });
    expect(Object.keys(go.spec.parameters[1].properties)).toEqual(['goVersion', 'port']);
  });

  it.each(withSkeletons)('$id: offers only build parameters; the skeleton fixes paths, names and routes', template => {
    const doc = softwareTemplateFor(template) as any;
    const offered = Object.keys(doc.spec.parameters[1].properties);
    const project = template.parameters.filter(p => p.describesProject).map(p => p.name);

    expect(offered).toEqual(template.parameters.filter(p => !p.describesProject).map(p => p.name));
    for (const name of project) expect(JSON.stringify(doc.spec.steps)).not.toContain(`parameters.${name} `);
    expect(doc.spec.parameters[0].required).toEqual(['name', 'description', 'owner']);
  });

  it('turns parameters into form fields with their checks', () => {
    const node = serviceTemplates.find(t => t.id === 'node-npm')!;
    const byName = Object.fromEntries(node.parameters.map(p => [p.name, parameterSchema(p)]));

    expect(byName.port).toMatchObject({ type: 'integer', minimum: 1, maximum: 65535, default: 3000 });
    expect(byName.nodeVersion).toMatchObject({ type: 'string', pattern: '^[0-9]+(\\.[0-9]+){0,2}$', default: '22.12.0' });
    expect(byName.systemPackages).toMatchObject({ type: 'array', items: { type: 'string' }, default: [] });
    // The form's pattern is the one the action checks.
    expect(new RegExp(byName.nodeVersion.pattern as string).test('22 AS x')).toBe(false);
  });
});
