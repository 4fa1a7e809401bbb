import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen, within } from '@testing-library/react';
import { renderServiceTemplate } from '@stagecraft/plugin-multistage-build-common';
import { TemplatePanel } from './TemplatePanel';

/** The rendered Dockerfile as the panel shows it (the first code block, line numbers included). */
const shownDockerfile = () => document.querySelectorAll('pre')[0].textContent ?? '';

/** Every line of the expected text appears, in order, behind its line number. */
function expectShown(expected: string) {
  const numbered = expected.split('\n').map((line, i) => `${i + 1}${line}`).join('');
  expect(shownDockerfile().replace(/\n/g, '')).toBe(numbered);
}

describe('TemplatePanel', () => {
  it('shows the first template rendered with its defaults and its analysis', async () => {
    await renderInTestApp(<TemplatePanel />);

    expectShown(renderServiceTemplate('node-npm').dockerfile);
    expect(screen.getByText(/^7 stages \(deps → production-deps → build → test → \(dev\) → \(debug\) → runtime\); 0 errors, 0 warnings, 0 info$/)).toBeInTheDocument();
  });

  it('renders another template with changed parameters', async () => {
    await renderInTestApp(<TemplatePanel />);

    fireEvent.mouseDown(screen.getByText('Node.js service (npm)'));
    fireEvent.click(within(screen.getByRole('listbox')).getByText('Go service'));
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '9090' } });

    expectShown(renderServiceTemplate('go', { port: 9090 }).dockerfile);
    expect(shownDockerfile()).toContain('EXPOSE 9090');
    expect(screen.getByText(/; 0 errors, 0 warnings, 0 info$/)).toBeInTheDocument();
  });

  it('says which parameter is wrong instead of rendering', async () => {
    await renderInTestApp(<TemplatePanel />);

    fireEvent.change(screen.getByLabelText('Node.js version'), { target: { value: '22 AS evil' } });

    expect(screen.getByRole('alert')).toHaveTextContent(
      'node-npm: parameters.nodeVersion: "22 AS evil" is not a version such as 22 or 22.12.0',
    );
    expect(document.querySelectorAll('pre')).toHaveLength(0);
  });
});
