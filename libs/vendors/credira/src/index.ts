export { crediraPlugin } from './credira.plugin';
export { CrediraAdapter } from './credira.adapter';
export { CrediraModule } from './credira.module';
