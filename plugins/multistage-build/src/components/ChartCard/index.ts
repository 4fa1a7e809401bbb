export { ChartCard, chartPalette } from './ChartCard';
