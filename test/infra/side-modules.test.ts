import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../infra/konkurs-function.js';
import { fileStorageModule, sideBundleCommand } from '../../infra/bundling.js';
import { PDF_ENGINE_FILE, PROTOCOL_FONT_NAME, protocolFont, withProtocolFont } from '../../infra/protocol-font.js';
import { functions, type FunctionName } from '../../infra/topology.js';
import { synthKonkurs } from './synth.js';

describe('the evaluation function’s package', () => {
  it('names the packaged PDF engine and font in its environment', () => {
    // Assess
    expect(protocolFont.environment).toEqual({ PROTOCOL_FONT_FILE: `/var/task/${PROTOCOL_FONT_NAME}`, PROTOCOL_PDF_ENGINE_MODULE: `./${PDF_ENGINE_FILE}` });
  });

  it('packages pdf-lib and fontkit as a module of their own that renders a PDF with the packaged font', { timeout: 120_000 }, async () => {
    // Prepare: run the bundling hooks as CDK does, into an empty package folder.
    const hooks = withProtocolFont({ beforeBundling: () => [], beforeInstall: () => [], afterBundling: () => [] });
    const output = mkdtempSync(join(tmpdir(), 'konkurs-evaluation-package-'));
    for (const command of hooks.afterBundling(repoRoot, output)) execSync(command, { cwd: repoRoot, stdio: 'pipe' });

    // Act
    const engine = (await import(pathToFileURL(join(output, PDF_ENGINE_FILE)).href)) as typeof import('../../shared/adapters/pdf-engine.js');
    const doc = await engine.PDFDocument.create();
    doc.registerFontkit(engine.fontkit);
    const font = await doc.embedFont(readFileSync(join(output, PROTOCOL_FONT_NAME)), { subset: true });
    doc.addPage().drawText('Протокол: әғқңөұүһі', { font, size: 12, color: engine.rgb(0, 0, 0) });
    const bytes = await doc.save();

    // Assess
    expect(existsSync(join(output, PDF_ENGINE_FILE))).toBe(true);
    expect(statSync(join(output, PDF_ENGINE_FILE)).size).toBeGreaterThan(500 * 1024);
    expect(Buffer.from(bytes.slice(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('packages the S3 file storage beside the functions that load it lazily, and names it in their environment', { timeout: 180_000 }, async () => {
    // Prepare
    const { statelessTemplate, stateless } = synthKonkurs();
    const lazy = (Object.keys(functions) as FunctionName[]).filter((name) => ['publish', 'readwrite'].includes((functions[name].access as { documents?: string }).documents ?? ''));
    const output = mkdtempSync(join(tmpdir(), 'konkurs-storage-package-'));

    // Act
    execSync(sideBundleCommand(repoRoot, output, fileStorageModule.entry, fileStorageModule.file), { cwd: repoRoot, stdio: 'pipe' });
    const packaged = (await import(pathToFileURL(join(output, fileStorageModule.file)).href)) as typeof import('../../shared/adapters/file-storage.js');

    // Assess
    expect(lazy).toEqual(expect.arrayContaining(['documents', 'evaluation']));
    for (const name of lazy) {
      const id = stateless.getLogicalId(stateless.functions[name].fn.node.defaultChild as never);
      const env = statelessTemplate.findResources('AWS::Lambda::Function')[id]?.Properties.Environment.Variables;
      expect(env, name).toMatchObject({ FILE_STORAGE_MODULE: `./${fileStorageModule.file}` });
    }
    expect(typeof packaged.fileStorage.presignDownload).toBe('function');
    expect(typeof packaged.putGeneratedTenderFile).toBe('function');
  });
});
