import { createServer } from 'node:net';

/** Asks the OS for a free TCP port on 127.0.0.1; the port is released before it is returned. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('Could not read the port the OS assigned on 127.0.0.1.'));
        return;
      }
      server.close(() => resolve(address.port));
    });
  });
}
