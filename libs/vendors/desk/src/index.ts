export { deskPlugin } from './desk.plugin';
export { DeskAdapter } from './desk.adapter';
