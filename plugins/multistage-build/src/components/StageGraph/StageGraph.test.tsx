import { renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { describeDockerfile } from '@stagecraft/plugin-multistage-build-common';
import { StageGraph } from './StageGraph';

/** A chain of 120 stages, each copying from the one before. */
const text = Array.from({ length: 120 }, (_, i) =>
  i === 0 ? 'FROM busybox:1.36 AS s0\nRUN true' : `FROM busybox:1.36 AS s${i}\nCOPY --from=s${i - 1} /x /x`,
).join('\n');

describe('StageGraph', () => {
  it('fits a 120-stage graph into its window, zooms and reports the stage clicked', async () => {
    const selected: number[] = [];
    await renderInTestApp(<StageGraph {...describeDockerfile({ path: 'Dockerfile', text })} needed={[119, 118]} onSelect={i => selected.push(i)} />);

    const svg = await screen.findByRole('img', { name: 'Stage dependency graph' });
    expect(svg.querySelectorAll('[data-stage]')).toHaveLength(120);
    expect(Number(svg.getAttribute('width'))).toBeLessThanOrEqual(1100);
    const fitted = svg.getAttribute('viewBox')!.split(' ').map(Number);
    // Fitted: the view box covers the whole layout, wider than the window.
    expect(fitted[2]).toBeGreaterThan(1100);
    fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    const zoomed = svg.getAttribute('viewBox')!.split(' ').map(Number);
    expect(zoomed[2]).toBeCloseTo(fitted[2] / 1.25, 0);

    fireEvent.click(svg.querySelector('[data-stage="118"]')!);
    expect(selected).toEqual([118]);
    expect(svg.querySelector('[data-stage="3"]')?.getAttribute('data-needed')).toBe('false');
    expect(svg.querySelector('[data-stage="119"]')?.getAttribute('data-needed')).toBe('true');
  });
});
