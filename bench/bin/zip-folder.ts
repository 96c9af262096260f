// Zips one folder with the toolkit's zip builder and prints its summary: B4's contender as a process of its own.
import { zipDirectory } from '@toolkit/build';

const [dir, output] = process.argv.slice(2);
if (!dir || !output) {
  process.stderr.write('usage: zip-folder.ts <folder> <output.zip>\n');
  process.exit(2);
}
const summary = await zipDirectory(dir, output);
process.stdout.write(`${JSON.stringify(summary)}\n`);
