import { render } from 'preact';
import '../shared/ui/base.css';
import './popup.css';
import { inOwnWindow } from './pop-out.ts';
import { PopupApp } from './popup-app.tsx';
import { prefetchSessions } from './use-sessions.ts';
import { localizeDocument } from '../shared/ui/localize-document.ts';

// For the benchmark's breakdown: the page's own code starts (its modules are loaded).
performance.mark('popup-script');
prefetchSessions();

localizeDocument('popupTitle');
if (inOwnWindow()) document.body.classList.add('in-window');
render(<PopupApp />, document.getElementById('app')!);
