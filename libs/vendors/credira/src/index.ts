export { crediraPlugin } from './credira.plugin';
export { CrediraAdapter } from './credira.adapter';
