/** The CDK app entry (`cdk.json`: `tsx bin/app.ts`). */
import { buildApp } from './build-app';

buildApp().synth();
