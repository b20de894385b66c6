"""The optional cluster executor: the same jobs on Celery nodes with a Redis broker.

Nothing here is imported unless a cluster is used (`docflags worker`, `--broker`, or the
window's "Run jobs on: A cluster"); Celery and redis-py come with the `docflags[cluster]` extra.
Modules: `settings` (broker address, password, TLS; no Celery), `payload` (what a task carries
and how a node checks it), `config` (the Celery app), `task` (a job on a node), `node`
(`docflags worker`), `connection` (reaching the broker), `executor` (the client side) and
`task_result` (a finished task read back into the runner's WorkerOutcome).
"""
