// Defaults: the benchmark measures an out-of-the-box Next.js.
export default {};
