import { render } from 'preact';
import '../shared/ui/base.css';
import './options.css';
import { OptionsApp } from './options-app.tsx';
import { localizeDocument } from '../shared/ui/localize-document.ts';

localizeDocument('optionsTitle');
render(<OptionsApp />, document.getElementById('app')!);
