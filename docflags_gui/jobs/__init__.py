"""Jobs (Qt core, no widgets): job states, worker processes, QRunnables and the JobManager."""

from docflags_gui.jobs.manager import JobManager
from docflags_gui.jobs.state import JobInfo, JobSettings, JobState

__all__ = ["JobInfo", "JobManager", "JobSettings", "JobState"]
