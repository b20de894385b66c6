"""The job core, without Qt: run a job's worker, read its protocol, decide how it ended.

Used by the desktop app (jobs/, through a QRunnable), by the command line (runner.batch) and
by any other executor (a cluster). Nothing here imports Qt or SQLAlchemy; import the modules
directly (this package imports none of them, so `import docflags_gui.runner.x` stays cheap).

The API, from the outside in:

- `runner.spec`: `JobSpec(kind, input, options)` says what to run. `register_kind(kind,
  builder)` makes a kind runnable (`builder(spec) -> worker arguments`); ANALYZE is built in.
  `spec_argv(spec, prefix, stop_file)` is the worker's whole command line.
- `runner.executor`: `Executor.attempt(spec, log_path, label) -> Attempt`. An `Attempt` is
  one run: `run(listener) -> WorkerOutcome` blocks a thread of the caller's; `request_stop()`,
  `kill()`, `end_orphans()` work from any thread, before or during the run. `LocalExecutor`
  runs the worker as a subprocess in its own process group.
- `runner.attempt`: `run_attempt(process, listener, label)`, the one reading loop (launch,
  whole protocol lines under a length cap, reap, log tail). `AttemptListener` hears
  `launched(pid)`, `ready()`, `progress(percent, message)` on the reading thread.
- `runner.control`: `AttemptControl(attempt)` beside each running attempt: `cancel(grace)`,
  `interrupt(reason, grace)`, and `check(limits)`, the watchdog (soft limit: stop; hard limit
  or an expired grace: kill; leftover helpers of an exited worker: ended). `TimeLimits(soft_s,
  hard_s, stop_grace_s)`. `control.verdict(outcome)` gives the final state.
- `runner.outcome`: `WorkerOutcome` (what the reader learnt), `decide_final_state`, `Verdict`.
- `runner.states`: `JobState`, the one enum of job states (also the history's state column).
- `runner.logs`: `job_log_path(...)` names a job's log; `prune_logs(dir)` keeps the newest,
  safe with several docflags processes pruning at once.
- `runner.process`: `WorkerProcess`, the subprocess itself (launch, stop, group kill, reap).
- `runner.batch`: `Batch(files, BatchOptions).events()`: many jobs on plain threads with the
  watchdog between events; what `docflags analyze` runs.

A typical run on some thread::

    attempt = LocalExecutor().attempt(JobSpec(ANALYZE, path), log_path, "job 1")
    control = AttemptControl(attempt)        # the owner calls control.check(limits) at ~1 Hz
    outcome = attempt.run(listener)          # blocks until the worker is reaped
    verdict = control.verdict(outcome)       # SUCCESS, FAILURE, CANCELLED, TIMED_OUT, ...
"""
