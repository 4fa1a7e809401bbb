import { CodeSnippet, InfoCard } from '@backstage/core-components';
import Checkbox from '@material-ui/core/Checkbox';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import {
  analyzeDockerfile,
  renderServiceTemplate,
  serviceTemplates,
  type TemplateParameter,
} from '@stagecraft/plugin-multistage-build-common';
import { useMemo, useState } from 'react';

type Inputs = Record<string, string | boolean>;

function initialInputs(templateId: string): Inputs {
  const template = serviceTemplates.find(t => t.id === templateId)!;
  return Object.fromEntries(
    template.parameters.map(p => [
      p.name,
      Array.isArray(p.default) ? p.default.join(' ') : (p.default as string | number | boolean),
    ]),
  ) as Inputs;
}

/** Form text back into parameter values; the library checks them. */
function parameterValues(parameters: TemplateParameter[], inputs: Inputs): Record<string, unknown> {
  return Object.fromEntries(
    parameters.map(p => {
      const input = inputs[p.name];
      if (p.type === 'string-list') return [p.name, String(input).split(/[\s,]+/).filter(Boolean)];
      return [p.name, input];
    }),
  );
}

function ParameterField(props: { parameter: TemplateParameter; value: string | boolean; onChange: (value: string | boolean) => void }) {
  const { parameter, value, onChange } = props;
  if (parameter.type === 'boolean') {
    return (
      <FormControlLabel
        control={<Checkbox checked={value === true} onChange={e => onChange(e.target.checked)} />}
        label={parameter.title}
      />
    );
  }
  return (
    <TextField
      label={parameter.title}
      helperText={parameter.type === 'string-list' ? `${parameter.description} Separate with spaces.` : parameter.description}
      value={String(value)}
      onChange={e => onChange(e.target.value)}
      type={parameter.type === 'integer' ? 'number' : 'text'}
      fullWidth
      margin="dense"
      inputProps={{ 'aria-label': parameter.title }}
    />
  );
}

/**
 * The template library in the tab: pick a template, set its parameters, and
 * see the Dockerfile and .dockerignore it renders, analysed in the browser by
 * the same core as everything else. For a new service, the software templates
 * under Create do the same and publish it.
 */
export function TemplatePanel() {
  const [templateId, setTemplateId] = useState(serviceTemplates[0].id);
  const [inputs, setInputs] = useState<Inputs>(() => initialInputs(serviceTemplates[0].id));
  const template = serviceTemplates.find(t => t.id === templateId)!;

  const result = useMemo(() => {
    try {
      const rendered = renderServiceTemplate(templateId, parameterValues(template.parameters, inputs));
      const { report } = analyzeDockerfile({ text: rendered.dockerfile, path: 'Dockerfile' });
      return { rendered, report, error: null };
    } catch (e) {
      return { rendered: null, report: null, error: (e as Error).message };
    }
  }, [templateId, template, inputs]);

  const count = (severity: string) => result.report?.findings.filter(f => f.severity === severity).length ?? 0;
  return (
    <InfoCard
      title="Templates"
      subheader="Multi-stage Dockerfiles from Stagecraft's template library, rendered and analysed as you type"
    >
      <Grid container spacing={3}>
        <Grid item xs={12} md={4}>
          <TextField
            select
            label="Template"
            value={templateId}
            onChange={e => {
              setTemplateId(e.target.value);
              setInputs(initialInputs(e.target.value));
            }}
            fullWidth
            inputProps={{ 'aria-label': 'Template' }}
          >
            {serviceTemplates.map(t => (
              <MenuItem key={t.id} value={t.id}>
                {t.title}
              </MenuItem>
            ))}
          </TextField>
          <Typography variant="body2" color="textSecondary" style={{ marginTop: 8 }}>
            {template.description}
          </Typography>
          {template.parameters.map(p => (
            <ParameterField
              key={`${templateId}-${p.name}`}
              parameter={p}
              value={inputs[p.name]}
              onChange={value => setInputs(current => ({ ...current, [p.name]: value }))}
            />
          ))}
        </Grid>
        <Grid item xs={12} md={8}>
          {result.error ? (
            <Typography color="error" role="alert">
              {result.error}
            </Typography>
          ) : (
            <>
              <Typography data-template-summary>
                {`${template.stages.length} stages (${template.stages.map(s => (s.optional ? `(${s.name})` : s.name)).join(' → ')}); `}
                {`${count('error')} errors, ${count('warning')} warnings, ${count('info')} info`}
              </Typography>
              <CodeSnippet text={result.rendered!.dockerfile} language="dockerfile" showLineNumbers showCopyCodeButton />
              <Typography variant="subtitle2" style={{ marginTop: 16 }}>
                .dockerignore
              </Typography>
              <CodeSnippet text={result.rendered!.dockerignore} language="text" showCopyCodeButton />
            </>
          )}
        </Grid>
      </Grid>
    </InfoCard>
  );
}
