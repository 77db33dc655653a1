export { convirzaPlugin } from './convirza.plugin';
export { ConvirzaAdapter } from './convirza.adapter';
