export { RunStatusChip } from './RunStatusChip';
export { findingCountsText } from './FindingCountsText';
