import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// jsdom has no ResizeObserver; recharts' ResponsiveContainer needs one (browsers have it).
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = class {
    observe() {}
    unobserve() {}
    disconnect() {}
  };
}

// jsdom's Range has no layout; CodeMirror measures text with it (browsers have it).
if (typeof Range !== 'undefined' && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => ({ length: 0, item: () => null, [Symbol.iterator]: [][Symbol.iterator] }) as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect(0, 0, 0, 0);
}

// CI runs every package's tests at once on two cores: the first render of a view
// (lazy chunks, the whole rule catalog's first analysis, CodeMirror) can take
// seconds there. Waits still end, with a failure, when something never appears.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(30_000);
