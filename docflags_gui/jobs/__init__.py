"""Jobs (Qt core, no widgets): job states, worker processes, QRunnables and the JobManager."""
