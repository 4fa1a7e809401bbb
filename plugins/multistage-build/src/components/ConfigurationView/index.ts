export { ConfigurationView } from './ConfigurationView';
