/**
 * Silences the AWS SDK's Node-version warning for local tools (the architecture notes: set it locally). Imported
 * first by entry points whose imports create SDK clients at module scope, so it takes effect before they do.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export {};
