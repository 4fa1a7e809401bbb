export { createPublishServiceAction, publishedServicesLocation } from './createPublishServiceAction';
export type { PublishServiceOptions } from './createPublishServiceAction';
