export { freePort, portUnavailableReason } from './free-port';
