import { render } from 'preact';
import '../shared/ui/base.css';
import './consent.css';
import { ConsentApp } from './consent-app.tsx';
import { localizeDocument } from '../shared/ui/localize-document.ts';

localizeDocument('consentTitle');
const consentId = new URLSearchParams(location.search).get('id') ?? '';
render(<ConsentApp consentId={consentId} />, document.getElementById('app')!);
