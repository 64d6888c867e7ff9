import { render } from 'preact';
import '../shared/ui/base.css';
import './popup.css';
import { inOwnWindow } from './pop-out.ts';
import { PopupApp } from './popup-app.tsx';

if (inOwnWindow()) document.body.classList.add('in-window');
render(<PopupApp />, document.getElementById('app')!);
