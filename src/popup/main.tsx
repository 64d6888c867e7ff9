import { render } from 'preact';
import '../shared/ui/base.css';
import './popup.css';
import { PopupApp } from './popup-app.tsx';

render(<PopupApp />, document.getElementById('app')!);
