// Ordered test steps that share state: once a blocking step fails, every later step
// fails at once with "blocked: ..." instead of running on a broken setup (and is
// never reported as skipped).
'use strict';

// Returns step(name, fn, { blocking = true }) registering fn with the given `it`.
function stepper(it) {
  let failedStep = null;
  return function step(name, fn, { blocking = true } = {}) {
    it(name, async () => {
      if (failedStep) throw new Error(`blocked: the earlier step "${failedStep}" failed`);
      try {
        await fn();
      } catch (err) {
        if (blocking) failedStep = name;
        throw err;
      }
    });
  };
}

module.exports = { stepper };
