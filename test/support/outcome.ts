/**
 * What a promise was rejected with, or `'no error'` when it resolved: lets a test assert on a refusal's class and
 * fields without a try/catch in the test body.
 */
export const failureOf = (promise: Promise<unknown>): Promise<unknown> => promise.then(() => 'no error', (error: unknown) => error);
