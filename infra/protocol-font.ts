/**
 * The evaluation protocol's font (DejaVu Sans, from the `dejavu-fonts-ttf` npm package) shipped beside the evaluation
 * handler (`/var/task/DejaVuSans.ttf`), as the trust store ships with the verifying functions: no layer, no download.
 */
import { join } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';

export const PROTOCOL_FONT_NAME = 'DejaVuSans.ttf';
const FONT_SOURCE = join('node_modules', 'dejavu-fonts-ttf', 'ttf', PROTOCOL_FONT_NAME);

export const protocolFont = { environment: { PROTOCOL_FONT_FILE: `/var/task/${PROTOCOL_FONT_NAME}` } };

/** The hooks `hooks` plus copying the font into the function's package. */
export const withProtocolFont = (hooks: ICommandHooks): ICommandHooks => ({
  beforeBundling: (inputDir, outputDir) => hooks.beforeBundling(inputDir, outputDir),
  beforeInstall: (inputDir, outputDir) => hooks.beforeInstall(inputDir, outputDir),
  afterBundling: (inputDir, outputDir) => [...hooks.afterBundling(inputDir, outputDir), `cp "${join(inputDir, FONT_SOURCE)}" "${outputDir}/${PROTOCOL_FONT_NAME}"`],
});
