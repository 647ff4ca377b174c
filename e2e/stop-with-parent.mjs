// A test server whose runner was killed (a timeout, a Ctrl-C) would keep its port busy
// for the next run: when the parent goes away (we are re-parented to PID 1), stop.
export function stopWithParent(stop) {
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("SIGTERM");
  }, 1000).unref();
}
