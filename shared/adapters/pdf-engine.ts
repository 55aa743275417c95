/**
 * What the protocol renderer needs of pdf-lib and fontkit (about 1.3 MB minified), in one module. In AWS it is a file
 * of its own beside the evaluation handler (`PROTOCOL_PDF_ENGINE_MODULE=./pdf-engine.mjs`, bundled by the CDK app), so
 * the handler's bundle neither contains nor parses it until an award renders a protocol; locally it is imported from
 * source.
 */
import fontkitModule from '@pdf-lib/fontkit';
import { PDFDocument, rgb } from 'pdf-lib';

export { PDFDocument, rgb };
export const fontkit = (fontkitModule as unknown as { default?: typeof fontkitModule }).default ?? fontkitModule;
