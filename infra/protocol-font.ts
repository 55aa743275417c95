/**
 * The evaluation protocol's font (DejaVu Sans, from the `dejavu-fonts-ttf` npm package) shipped beside the evaluation
 * handler (`/var/task/DejaVuSans.ttf`), as the trust store ships with the verifying functions: no layer, no download.
 * pdf-lib and fontkit ship beside it as `pdf-engine.mjs`, loaded on the first protocol rather than at every cold start.
 */
import { join } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { sideBundleCommand } from './bundling.js';

export const PROTOCOL_FONT_NAME = 'DejaVuSans.ttf';
const FONT_SOURCE = join('node_modules', 'dejavu-fonts-ttf', 'ttf', PROTOCOL_FONT_NAME);

/** pdf-lib and fontkit, bundled as a file of their own beside the handler and imported on the first protocol. */
export const PDF_ENGINE_FILE = 'pdf-engine.mjs';
const PDF_ENGINE_ENTRY = 'shared/adapters/pdf-engine.ts';

export const protocolFont = {
  environment: { PROTOCOL_FONT_FILE: `/var/task/${PROTOCOL_FONT_NAME}`, PROTOCOL_PDF_ENGINE_MODULE: `./${PDF_ENGINE_FILE}` },
};

/** The hooks `hooks` plus the PDF engine's bundle and the font, in the function's package. */
export const withProtocolFont = (hooks: ICommandHooks): ICommandHooks => ({
  beforeBundling: (inputDir, outputDir) => hooks.beforeBundling(inputDir, outputDir),
  beforeInstall: (inputDir, outputDir) => hooks.beforeInstall(inputDir, outputDir),
  afterBundling: (inputDir, outputDir) => [
    ...hooks.afterBundling(inputDir, outputDir),
    sideBundleCommand(inputDir, outputDir, PDF_ENGINE_ENTRY, PDF_ENGINE_FILE),
    `cp "${join(inputDir, FONT_SOURCE)}" "${outputDir}/${PROTOCOL_FONT_NAME}"`,
  ],
});
