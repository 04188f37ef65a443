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

/**
 * Why `port` on 127.0.0.1 cannot be listened on (`EADDRINUSE`, `EACCES`), or undefined when it can:
 * asked by listening briefly, so a taken port is found before anything slow has started.
 */
export async function portUnavailableReason(port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
  });
}
