// Starts the back office: loads its WebAssembly module, whose start function mounts the page (admin/src/lib.rs).
import init from './inspraak-admin.js';

await init();
