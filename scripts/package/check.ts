/**
 * What must never reach a store package: permissions only the tests need, the dev server's
 * loader or any localhost dev URL, and source maps (unless asked for).
 */
export interface PackageFile {
  path: string;
  text: string;
}

const DEV_URL = /(?:https?|wss?):\/\/(?:localhost|127\.0\.0\.1):\d+|\/@vite\/|\/@crx\//;

/** Everything wrong with a package's files; empty when it may ship. */
export function packageProblems(files: PackageFile[], options: { sourcemaps: boolean }): string[] {
  const problems: string[] = [];
  const manifestFile = files.find((file) => file.path === 'manifest.json');
  if (!manifestFile) return ['manifest.json is missing'];
  const manifest = JSON.parse(manifestFile.text) as Record<string, unknown>;
  const granted = (manifest.host_permissions as string[] | undefined) ?? [];
  if (granted.length > 0) problems.push(`host permissions granted at install: ${granted.join(', ')}`);
  // The token bridge's permission is asked for when the user turns the bridge on, never at install.
  const permissions = (manifest.permissions as string[] | undefined) ?? [];
  if (permissions.includes('nativeMessaging')) problems.push('nativeMessaging granted at install');
  const optional = (manifest.optional_host_permissions as string[] | undefined) ?? [];
  // localhost and 127.0.0.1 stay optional on purpose (a broker gateway on the user's machine).
  for (const pattern of optional.filter((candidate) => candidate.includes('.test/')))
    problems.push(`test-only host in optional_host_permissions: ${pattern}`);
  for (const file of files) {
    if (file.path.endsWith('.map') && !options.sourcemaps) problems.push(`source map: ${file.path}`);
    if (/\.(js|html|json|css)$/.test(file.path)) {
      const dev = DEV_URL.exec(file.text);
      if (dev) problems.push(`dev URL in ${file.path}: ${dev[0]}`);
      if (!options.sourcemaps && file.text.includes('sourceMappingURL='))
        problems.push(`source map reference in ${file.path}`);
    }
  }
  return problems;
}
