import { render } from 'preact';
import '../shared/ui/base.css';
import './options.css';
import { OptionsApp } from './options-app.tsx';

render(<OptionsApp />, document.getElementById('app')!);
