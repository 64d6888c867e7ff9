import preact from '@preact/preset-vite';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';

const POPUP_HTML = 'src/popup/index.html';
const POPUP_MAIN = 'src/popup/main.tsx';

/**
 * The popup as one script and one stylesheet. Opening it is on the browser's critical path, and
 * every further file (shared chunks, module preloads, a second stylesheet) is fetched through the
 * browser process after the HTML, one after another with the navigation's own work: measured,
 * that was most of the time between the HTML parsed and the popup's code starting. The main build
 * splits what the popup shares with the options page and the worker into chunks, as it should for
 * them; this plugin builds the popup's entry again on its own, every import inlined and its CSS in
 * one file, and points the popup's HTML at those two files instead.
 */
export function singleFilePopup(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'broker-sessions:single-file-popup',
    apply: 'build',
    // After CRXJS, which also rewrites the pages' HTML in this hook.
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_options, bundle) {
      const html = bundle[POPUP_HTML];
      if (html?.type !== 'asset') return;
      const output = (await build({
        configFile: false,
        root: config.root,
        mode: config.mode,
        logLevel: 'warn',
        define: config.define,
        plugins: [preact()],
        build: {
          write: false,
          target: config.build.target,
          cssCodeSplit: false,
          modulePreload: false,
          rolldownOptions: { input: POPUP_MAIN },
        },
      })) as Rolldown.RolldownOutput;
      const script = output.output.find((file) => file.type === 'chunk' && file.isEntry);
      const styles = output.output.filter((file) => file.type === 'asset' && file.fileName.endsWith('.css'));
      if (
        !script ||
        script.type !== 'chunk' ||
        output.output.some((file) => file.type === 'chunk' && !file.isEntry)
      )
        this.error('The popup did not build into one script.');
      const scriptRef = this.emitFile({ type: 'asset', name: 'popup.js', source: script.code });
      const css = styles.map((file) => (file.type === 'asset' ? String(file.source) : '')).join('\n');
      const styleRef = this.emitFile({ type: 'asset', name: 'popup.css', source: css });

      // The split entry is no longer loaded by anything: drop it rather than ship it.
      const splitEntry = Object.values(bundle).find(
        (file) => file.type === 'chunk' && file.isEntry && file.facadeModuleId?.endsWith(POPUP_HTML),
      );
      if (splitEntry?.type === 'chunk') {
        delete bundle[splitEntry.fileName];
        const stillImported = new Set(
          Object.values(bundle).flatMap((file) =>
            file.type === 'chunk' ? [...(file.viteMetadata?.importedCss ?? [])] : [],
          ),
        );
        for (const css of splitEntry.viteMetadata?.importedCss ?? [])
          if (!stillImported.has(css)) delete bundle[css];
      }

      const source = String(html.source)
        .replace(/\s*<script type="module"[^>]*><\/script>/g, '')
        .replace(/\s*<link rel="(?:modulepreload|stylesheet)"[^>]*>/g, '')
        .replace(
          '</head>',
          `  <script type="module" src="/${this.getFileName(scriptRef)}"></script>\n` +
            `    <link rel="stylesheet" href="/${this.getFileName(styleRef)}">\n  </head>`,
        );
      html.source = source;
    },
  };
}
