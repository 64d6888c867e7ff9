import { propagateChange } from '../propagate.ts';
import { parseAlarmName } from './plan.ts';
import { CLIPBOARD_ALARM, clearClipboardIfUnchanged } from '../clipboard/clear.ts';
import { refreshSession } from '../refresh/refresher.ts';
import { expireIfDue, warnBeforeEnd } from '../sessions/end.ts';
import { expireChallenge } from '../sessions/sign-in.ts';

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
      const { dueWork } = await propagateChange();
      return dueWork;
    }
  }
}
