import { afterChange } from './after-change.ts';
import { parseAlarmName } from './alarm-plan.ts';
import { CLIPBOARD_ALARM, clearClipboardIfUnchanged } from './clipboard.ts';
import { refreshSession } from './refresher.ts';
import { expireIfDue, warnBeforeEnd } from './session-end.ts';
import { expireChallenge } from './sessions.ts';

/** Runs the work an alarm (or an overdue plan entry at wake-up) stands for. */
export async function runAlarm(name: string): Promise<void> {
  if (name === CLIPBOARD_ALARM) return clearClipboardIfUnchanged();
  const parsed = parseAlarmName(name);
  if (!parsed) return;
  switch (parsed.purpose) {
    case 'refresh':
      return refreshSession(parsed.profileId);
    case 'expire':
      return expireIfDue(parsed.profileId);
    case 'warn':
      return warnBeforeEnd(parsed.profileId);
    case 'challenge':
      return expireChallenge(parsed.profileId);
    case 'sweep': {
      // Plans again (more alarms fit now that some have fired) and runs whatever is due.
      const due = await afterChange();
      await Promise.all(due.map(runAlarm));
      return;
    }
  }
}
