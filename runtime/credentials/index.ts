export { defaultProvider } from './env-credentials';
