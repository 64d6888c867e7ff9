import { useState } from 'preact/hooks';
import { say, t } from '../shared/i18n.ts';
import type { Profile } from '../shared/profile.ts';
import { parseProfilesFile, type ImportProblem } from '../shared/profile-export.ts';
import { fieldLabel } from './field-labels.ts';
import { importProfiles, profilesFileText, type ImportOutcome } from './profile-transfer.ts';

const FILE_NAME = 'broker-sessions-profiles.json';

function describeProblem(problem: ImportProblem): string {
  if (problem.profile === undefined || problem.field === undefined) return say(problem.message);
  return t('optionsImportProblem', problem.profile, fieldLabel(problem.field), say(problem.message));
}

function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = FILE_NAME;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ImportExport({ profiles, canImport }: { profiles: Profile[]; canImport: boolean }) {
  const [problems, setProblems] = useState<string[]>([]);
  const [outcome, setOutcome] = useState<ImportOutcome>();

  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setOutcome(undefined);
    const parsed = parseProfilesFile(await file.text());
    if (!parsed.ok) return setProblems(parsed.problems.map(describeProblem));
    setProblems([]);
    const result = await importProfiles(parsed.profiles, profiles);
    if (result.failure) setProblems([result.failure]);
    setOutcome(result);
  };

  return (
    <section aria-labelledby="transfer-heading">
      <h2 id="transfer-heading">{t('optionsTransferHeading')}</h2>
      <p class="muted">{t('optionsTransferHint')}</p>
      <div class="actions">
        <button type="button" onClick={() => download(profilesFileText(profiles))}>
          {t('optionsExport')}
        </button>
        {canImport && (
          <label class="button-like">
            {t('optionsImport')}
            <input
              class="visually-hidden"
              type="file"
              accept="application/json,.json"
              onChange={(event) => void importFile(event.currentTarget)}
            />
          </label>
        )}
      </div>
      {problems.length > 0 && (
        <div class="alert" role="alert">
          <p>{t('optionsImportFailed')}</p>
          <ul>
            {problems.map((problem) => (
              <li key={problem}>{problem}</li>
            ))}
          </ul>
        </div>
      )}
      {outcome && !outcome.failure && (
        <p role="status">
          {t('optionsImported', outcome.added + outcome.updated, outcome.added, outcome.updated)}
          {outcome.skippedManaged > 0 && ` ${t('optionsImportSkippedManaged', outcome.skippedManaged)}`}
        </p>
      )}
    </section>
  );
}
