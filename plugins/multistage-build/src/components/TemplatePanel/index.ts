export { TemplatePanel } from './TemplatePanel';
