import { EditorView } from '@codemirror/view';
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { defaultBuildConfig } from '@stagecraft/plugin-multistage-build-common';
import { dockerfile, fakeApi, renderWorkspace, text } from '../../__testUtils__/workspace';

function editor(): EditorView {
  const dom = screen.getByTestId('dockerfile-editor').querySelector('.cm-editor') as HTMLElement;
  return EditorView.findFromDOM(dom)!;
}

/** Types at the end of the document, as a keystroke would insert it. */
function typeAtEnd(insert: string) {
  const view = editor();
  act(() => {
    view.dispatch({ changes: { from: view.state.doc.length, insert }, userEvent: 'input.type' });
  });
}

const findingRules = () => [...document.querySelectorAll('[data-finding]')].map(e => e.getAttribute('data-finding'));

describe('DockerfileWorkspace', () => {
  it('shows the Dockerfile in the editor with the findings beside it and as inline diagnostics', async () => {
    await renderWorkspace(fakeApi());

    await screen.findByTestId('dockerfile-editor');
    await waitFor(() => expect(findingRules()).toContain('maintainer-deprecated'));
    expect(editor().state.doc.toString()).toBe(text);
    expect(screen.getByText(/^MAINTAINER is deprecated/)).toBeInTheDocument();
    // The lint gutter marks the finding's line.
    await waitFor(() => expect(document.querySelectorAll('.cm-lint-marker').length).toBeGreaterThan(0));
  });

  it("applies the operators' rule severities, as the backend does", async () => {
    await renderWorkspace(
      fakeApi({
        getEntityDockerfile: async () => ({ ...dockerfile, severityOverrides: { 'maintainer-deprecated': 'off', 'legacy-env-format': 'error' } }),
      }),
    );
    await screen.findByTestId('dockerfile-editor');
    typeAtEnd('ENV DEBUG 1\n');

    await waitFor(() => expect(findingRules()).toContain('legacy-env-format'));
    expect(findingRules()).not.toContain('maintainer-deprecated');
    const item = document.querySelector('[data-finding="legacy-env-format"]') as HTMLElement;
    expect(item.textContent).toContain('error');
  });

  it('re-analyses as the user types: a finding appears, and goes when the line is removed', async () => {
    await renderWorkspace(fakeApi());
    await waitFor(() => expect(findingRules()).toContain('maintainer-deprecated'));
    const before = findingRules().filter(r => r === 'legacy-env-format').length;

    typeAtEnd('ENV DEBUG 1\n');
    await waitFor(() => expect(findingRules().filter(r => r === 'legacy-env-format')).toHaveLength(before + 1));

    const view = editor();
    act(() => {
      view.dispatch({ changes: { from: text.length, to: view.state.doc.length, insert: '' } });
    });
    await waitFor(() => expect(findingRules().filter(r => r === 'legacy-env-format')).toHaveLength(before));
  });

  it('applies a fix after showing its diff, then offers the edit as a download or a patch', async () => {
    await renderWorkspace(fakeApi());
    await waitFor(() => expect(findingRules()).toContain('maintainer-deprecated'));
    expect(screen.getByRole('button', { name: 'Copy as patch' })).toBeDisabled();

    const item = document.querySelector('[data-finding="maintainer-deprecated"]') as HTMLElement;
    fireEvent.click(within(item).getByRole('button', { name: 'Apply' }));
    const diff = await screen.findByTestId('fix-diff');
    expect(diff.textContent).toContain('-MAINTAINER ops');
    expect(diff.textContent).toContain('+LABEL org.opencontainers.image.authors="ops"');
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(findingRules()).not.toContain('maintainer-deprecated'));
    expect(editor().state.doc.toString()).toContain('LABEL org.opencontainers.image.authors="ops"');
    expect(screen.getByRole('button', { name: 'Copy as patch' })).toBeEnabled();
    expect(screen.getByText('Edited in this browser: nothing is saved to the repository')).toBeInTheDocument();
  });

  it('shows parse errors at their lines', async () => {
    await renderWorkspace(fakeApi());
    await screen.findByTestId('dockerfile-editor');

    typeAtEnd('ONBUILD ONBUILD RUN x\n');

    expect(await screen.findByText(/^Line 9: /)).toBeInTheDocument();
  });

  it('inspects a clicked stage with its base resolved by the configured build args, and mutes stages the target does not need', async () => {
    await renderWorkspace(
      fakeApi({
        getBuildConfig: async () => ({
          entityRef: 'component:default/hello-c',
          config: { ...defaultBuildConfig, target: 'runtime', buildArgs: { GCC_IMAGE: 'gcc:13' } },
          version: 2,
          updatedBy: null,
          updatedAt: null,
        }),
      }),
    );
    const graph = await screen.findByRole('img', { name: 'Stage dependency graph' });
    await waitFor(() => expect(graph.querySelector('[data-stage="1"]')?.getAttribute('data-needed')).toBe('false'));
    expect(graph.querySelector('[data-stage="0"]')?.getAttribute('data-needed')).toBe('true');

    fireEvent.click(graph.querySelector('[data-stage="0"]')!);

    expect(await screen.findByText('Stage build')).toBeInTheDocument();
    expect(document.querySelector('[data-resolved-base]')?.textContent).toBe('gcc:13');
    expect(screen.getByText('Base with the configured build args:')).toBeInTheDocument();
    // The last succeeded run's measurement of the stage (the fake API's run: build 900 MB; no stage times).
    expect(await screen.findByText('900 MB · — of steps')).toBeInTheDocument();
  });

  it('lets the user choose the last stage over a saved target', async () => {
    await renderWorkspace(
      fakeApi({
        getBuildConfig: async () => ({ entityRef: 'component:default/hello-c', config: { ...defaultBuildConfig, target: 'build' }, version: 1, updatedBy: null, updatedAt: null }),
      }),
    );
    const graph = await screen.findByRole('img', { name: 'Stage dependency graph' });
    // The saved target, build, needs no runtime stage.
    await waitFor(() => expect(graph.querySelector('[data-stage="2"]')?.getAttribute('data-needed')).toBe('false'));

    fireEvent.mouseDown(screen.getByRole('button', { name: /Analysis target/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'last stage' }));

    await waitFor(() => expect(graph.querySelector('[data-stage="2"]')?.getAttribute('data-needed')).toBe('true'));
  });

  it('copies the edits as a patch and downloads the edited file', async () => {
    const writeText = jest.fn(async () => undefined);
    Object.assign(navigator, { clipboard: { writeText } });
    const created: Blob[] = [];
    (URL as any).createObjectURL = (blob: Blob) => {
      created.push(blob);
      return 'blob:dockerfile';
    };
    (URL as any).revokeObjectURL = () => undefined;
    const clicked: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    await renderWorkspace(fakeApi());
    await screen.findByTestId('dockerfile-editor');
    typeAtEnd('LABEL team=build\n');

    fireEvent.click(screen.getByRole('button', { name: 'Copy as patch' }));
    await waitFor(() => expect(writeText).toHaveBeenCalled());
    const patch = (writeText.mock.calls[0] as unknown as [string])[0];
    expect(patch.split('\n').slice(0, 2)).toEqual(['--- a/Dockerfile', '+++ b/Dockerfile']);
    expect(patch).toContain('+LABEL team=build');

    fireEvent.click(screen.getByRole('button', { name: 'Download' }));
    expect(clicked).toEqual(['Dockerfile']);
    expect(await created[0].text()).toBe(`${text}LABEL team=build\n`);
  });

  it('weighs the critical path with the recorded stage durations, as the backend does', async () => {
    await renderWorkspace(fakeApi({ getEntityDockerfile: async () => ({ ...dockerfile, recordedSeconds: { build: 40, runtime: 3 } }) }));

    expect(await screen.findByText(/^Critical path: build → runtime \(43 s\)$/)).toBeInTheDocument();
  });
});
