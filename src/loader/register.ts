/**
 * `node --import greenhack/register app.ts`: installs greenhack's runtime and loader. TypeScript then
 * runs with its types stripped, the application's modules are compiled for green tasks, and stack traces
 * point at the original source.
 */
// The runtime installs itself globally, and compiled modules read it: it comes first.
import '../index.ts';
import { installLoader } from './install.ts';

await installLoader();
