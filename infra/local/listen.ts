/**
 * Binding the local runtime's own servers (gateway, portal, fault proxy) to 127.0.0.1.
 */
import type { Server } from 'node:http';

/** Listens on 127.0.0.1, turning a busy port into a one-line explanation naming the variable that moves it. */
export const listen = (server: Server, port: number, variable: string): Promise<{ server: Server; port: number }> =>
  new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? Object.assign(new Error(`port ${port} is already in use; stop what uses it or set ${variable} to another port`), {
              name: 'StartupError',
            })
          : error,
      );
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : port });
    });
  });
